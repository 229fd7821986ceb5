/* Service language in the console (J1, J2): every textarea[data-guard] (text a customer will read)
   is checked for forbidden phrases as the agent types, the hits highlighted with the advised
   wording; the standard phrases can be picked from a list or typed as /code; [data-insert-text]
   buttons (knowledge articles) put their text into the answer. No framework, no inline script. */
(function () {
  "use strict";

  var me = document.currentScript;
  var CHECK_URL = me && me.dataset.check;
  var PICKER_URL = me && me.dataset.picker;
  var DELAY = 250;
  var labels = {};
  var phrasesByTicket = {};

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function boxFor(area) {
    var box = area._guardBox;
    if (!box) {
      box = el("div", { "class": "guard-box", "aria-live": "polite", "data-guard-box": "" });
      var anchor = area.closest(".field") || area;
      anchor.insertAdjacentElement("afterend", box);
      area._guardBox = box;
    }
    return box;
  }

  function overrideFor(area, show) {
    var form = area.form;
    if (!form) return;
    var field = form.querySelector("[data-guard-override]");
    if (!field && show) {
      field = el("label", { "class": "field guard-override", "data-guard-override": "" });
      field.appendChild(el("span", {}, labels.reason || "Reason to send it anyway"));
      field.appendChild(el("input", { type: "text", name: "override_reason", maxlength: "500" }));
      boxFor(area).insertAdjacentElement("afterend", field);
    }
    if (field) field.hidden = !show;
  }

  // The server counts characters (code points); JS strings count UTF-16 units, which differ after
  // an emoji or a rare character outside the BMP.
  function unitIndex(text, codePoints) {
    var i = 0;
    for (var n = 0; n < codePoints && i < text.length; n++) {
      var c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    return i;
  }

  function render(area, text, hits) {
    hits = hits.map(function (hit) {
      return { phrase: hit.phrase, advice: hit.advice, start: unitIndex(text, hit.start), end: unitIndex(text, hit.end) };
    });
    var box = boxFor(area);
    box.textContent = "";
    if (!hits.length) {
      box.hidden = true;
      overrideFor(area, false);
      return;
    }
    box.hidden = false;
    box.appendChild(el("strong", { "class": "guard-title" }, labels.warning || "Forbidden phrases"));
    var preview = el("p", { "class": "guard-preview", "data-guard-preview": "" });
    var at = 0;
    hits.forEach(function (hit) {
      if (hit.start < at) return;
      preview.appendChild(document.createTextNode(text.slice(at, hit.start)));
      preview.appendChild(el("mark", { "data-hit": hit.phrase }, text.slice(hit.start, hit.end)));
      at = hit.end;
    });
    preview.appendChild(document.createTextNode(text.slice(at)));
    box.appendChild(preview);
    var list = el("ul", { "class": "guard-hits" });
    hits.forEach(function (hit) {
      var item = el("li", { "data-guard-hit": hit.phrase });
      item.appendChild(el("mark", {}, hit.phrase));
      item.appendChild(document.createTextNode(" → " + (labels.advice || "say") + ": "));
      item.appendChild(el("span", { "class": "guard-advice" }, hit.advice));
      var button = el("button", { type: "button", "class": "btn btn-sm btn-ghost", "data-guard-replace": "" },
        labels.replace || "Use this");
      button.addEventListener("click", function () {
        var current = area.value;
        if (current.slice(hit.start, hit.end) !== text.slice(hit.start, hit.end)) return;
        area.value = current.slice(0, hit.start) + hit.advice + current.slice(hit.end);
        area.dispatchEvent(new Event("input", { bubbles: true }));
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    box.appendChild(list);
    // Where the server takes no override (an outage notice, a public article), offer none.
    overrideFor(area, !area.hasAttribute("data-no-override"));
  }

  function check(area) {
    if (!CHECK_URL) return;
    var text = area.value;
    if (!text.trim()) { render(area, text, []); return; }
    var body = new FormData();
    body.append("text", text);
    var sent = ++area._guardSeq;
    fetch(CHECK_URL, { method: "POST", body: body, headers: { "X-CSRFToken": csrf() }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || sent !== area._guardSeq) return; // an older answer after a newer request
        labels = data.labels || labels;
        render(area, text, data.hits || []);
      })
      .catch(function () {});
  }

  function insertAt(area, text) {
    var start = area.selectionStart == null ? area.value.length : area.selectionStart;
    var end = area.selectionEnd == null ? start : area.selectionEnd;
    area.value = area.value.slice(0, start) + text + area.value.slice(end);
    var caret = start + text.length;
    area.setSelectionRange(caret, caret);
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function loadPhrases(area, then) {
    var ticket = area.dataset.ticket || (area.closest("[data-ticket]") || {}).dataset?.ticket || "";
    if (phrasesByTicket[ticket]) { then(phrasesByTicket[ticket]); return; }
    if (!PICKER_URL) return;
    fetch(PICKER_URL + (ticket ? "?ticket=" + encodeURIComponent(ticket) : ""), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        labels = data.labels || labels;
        phrasesByTicket[ticket] = data.phrases || [];
        then(phrasesByTicket[ticket]);
      })
      .catch(function () {});
  }

  function addPicker(area) {
    if (area._guardPicker || area.hasAttribute("data-no-picker")) return;
    area._guardPicker = true;
    loadPhrases(area, function (phrases) {
      if (!phrases.length) return;
      var select = el("select", { "class": "phrase-picker", "data-phrase-picker": "", "aria-label": labels.pick || "" });
      select.appendChild(el("option", { value: "" }, labels.pick || "Insert a standard phrase…"));
      phrases.forEach(function (p) {
        select.appendChild(el("option", { value: p.text }, "/" + p.code + " · " + p.text));
      });
      select.addEventListener("change", function () {
        if (select.value) insertAt(area, select.value);
        select.value = "";
      });
      area.insertAdjacentElement("beforebegin", select);
    });
  }

  // "/code" then a space or Enter becomes the phrase, filled in.
  function expandCode(area) {
    var caret = area.selectionStart;
    var before = area.value.slice(0, caret);
    var match = /(^|[^A-Za-z0-9_\-\/])\/([A-Za-z0-9_\-]{1,30})[ \n]$/.exec(before);
    if (!match) return;
    var ticket = area.dataset.ticket || (area.closest("[data-ticket]") || {}).dataset?.ticket || "";
    var phrase = (phrasesByTicket[ticket] || []).find(function (p) { return p.code === match[2].toLowerCase(); });
    if (!phrase) return;
    var from = caret - match[2].length - 2;
    area.value = area.value.slice(0, from) + phrase.text + area.value.slice(caret);
    area.setSelectionRange(from + phrase.text.length, from + phrase.text.length);
  }

  document.addEventListener("input", function (event) {
    var area = event.target;
    if (!area.matches || !area.matches("[data-guard]")) return;
    if (event.isTrusted) expandCode(area);
    area._guardSeq = area._guardSeq || 0;
    clearTimeout(area._guardTimer);
    area._guardTimer = setTimeout(function () { check(area); }, DELAY);
  });

  document.addEventListener("focusin", function (event) {
    var area = event.target;
    if (area.matches && area.matches("textarea[data-guard]")) addPicker(area);
  });

  // A knowledge article (or any prepared text) into the answer, in one click.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-insert-text]");
    if (!button) return;
    var area = document.querySelector(button.dataset.insertTarget || "textarea[data-guard]");
    if (!area) return;
    var details = area.closest("details");
    if (details) details.open = true;
    insertAt(area, button.dataset.insertText);
  });
})();
