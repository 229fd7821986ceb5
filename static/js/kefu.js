/* kefu console: the few behaviours htmx attributes do not cover. No framework, no build. */
(function () {
  "use strict";

  // Errors of htmx requests (4xx with the error fragment): swap them next to the form that
  // sent the request instead of dropping them, and keep the rest of the page as it was.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status < 400 || status >= 500) return;
    var elt = event.detail.requestConfig ? event.detail.requestConfig.elt : event.target;
    var form = elt && elt.closest ? elt.closest("form") : null;
    var slot = (form && form.querySelector(".form-error")) || document.getElementById("flash");
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    event.detail.target = slot;
    event.detail.swapOverride = "innerHTML";
  });

  // After the error fragment is in, mark the fields it names, so the form stays as typed and the
  // person sees which field to correct.
  document.addEventListener("htmx:afterSwap", function (event) {
    var slot = event.detail.target;
    var form = slot && slot.closest ? slot.closest("form") : null;
    if (!form) return;
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    slot.querySelectorAll("[data-field]").forEach(function (item) {
      var name = item.getAttribute("data-field");
      var field = form.querySelector('[name="' + name.replace(/"/g, "") + '"]');
      if (field) field.setAttribute("aria-invalid", "true");
    });
  });

  // <form data-reset-on-success>: emptied once htmx has sent it successfully (the note form).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && form.matches && form.matches("form[data-reset-on-success]")) form.reset();
  });

  // <button data-confirm="…">: asks before submitting. <a data-back>: back to the previous page;
  // <button data-print>: prints the page.
  // (No inline handlers: the Content-Security-Policy forbids them.)
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-confirm], [data-back], [data-print]") : null;
    if (!el) return;
    if (el.matches("[data-print]")) window.print();
    if (el.matches("[data-confirm]") && !window.confirm(el.dataset.confirm)) event.preventDefault();
    if (el.matches("[data-back]") && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // Instead of htmx trigger filters (evaluated code, which the Content-Security-Policy forbids):
  // [data-poll-visible] polls only while the tab is visible; [data-phone-lookup] asks for the
  // caller card ("kefu:phone") only when the digits changed.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt.matches && elt.matches("[data-poll-visible]") && document.visibilityState !== "visible") {
      event.preventDefault();
    }
    // Nor while rows are ticked for a bulk action (worklists): a refresh would untick them.
    // After the bulk action itself ("tickets-changed") the list does reload.
    var cause = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    if (elt.matches && elt.matches("[data-poll-visible]") && elt.querySelector("input[data-bulk-row]:checked") &&
        !(cause && cause.type === "tickets-changed")) {
      event.preventDefault();
    }
  });
  // A list's "select all" box ticks every row's box for the bulk bar.
  document.addEventListener("change", function (event) {
    var all = event.target.closest && event.target.closest("[data-select-all]");
    if (!all) return;
    all.closest("table").querySelectorAll("input[data-bulk-row]").forEach(function (box) {
      box.checked = all.checked;
    });
  });
  ["keyup", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var el = event.target;
      if (el.matches && el.matches("[data-phone-lookup]") && window.kefuPhoneChanged(el)) {
        window.htmx.trigger(el, "kefu:phone");
      }
    });
  });

  // A new request clears the previous error of the same form.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    var slot = form && form.querySelector(".form-error");
    if (slot) slot.innerHTML = "";
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches("[data-autosubmit]")) el.form.submit();
    if (el.closest("[data-intake]")) syncIntake(el.closest("[data-intake]"), el);
  });

  document.addEventListener("keydown", function (event) {
    // Ctrl+Enter (⌘+Enter on a Mac) saves the form being typed in.
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = event.target.closest && event.target.closest("form[data-ctrl-enter]");
      form = form || document.querySelector("form[data-ctrl-enter]");
      if (form) {
        event.preventDefault();
        form.requestSubmit();
      }
      return;
    }
    var intake = document.querySelector("[data-intake]");
    // Alt+1…8 picks the category from anywhere on intake; plain digits do it on the radio row.
    if (intake && /^[1-9]$/.test(event.key)) {
      var onRadios = event.target.closest && event.target.closest("[data-categories]");
      if (event.altKey || onRadios) {
        var radio = intake.querySelector('input[name="category"][data-key="' + event.key + '"]');
        if (radio) {
          event.preventDefault();
          radio.checked = true;
          radio.focus();
          syncIntake(intake, radio);
        }
      }
      return;
    }
    // "/" jumps to the search box of a list, as in most consoles.
    if (event.key === "/" && !isTyping(event.target)) {
      var search = document.querySelector("[data-search]");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    }
  });

  // Intake's phone field looks the caller up once per number: from 7 digits on, and again only
  // when the digits change, so leaving the field (change) does not reload the card and wipe
  // what the agent has typed into it meanwhile.
  window.kefuPhoneChanged = function (input) {
    var digits = input.value.replace(/\D/g, "");
    if (digits.length < 7) digits = "";
    if (digits === (input.dataset.looked || "")) return false;
    input.dataset.looked = digits;
    return true;
  };

  function isTyping(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // Intake: fields that depend on the category, the red emergency form, the chosen premises.
  function syncIntake(form, changed) {
    var checked = form.querySelector('input[name="category"]:checked');
    var category = checked ? checked.value : "";
    var booked = (form.dataset.appointmentCategories || "").split(" ");
    var appointment = form.querySelector("[data-appointment]");
    if (appointment) {
      var show = booked.indexOf(category) >= 0;
      appointment.hidden = !show;
      appointment.querySelector("input").disabled = !show;
    }
    var subtype = form.querySelector("[data-subtype]");
    if (subtype) {
      // Only the sub-types of the chosen category; one of another category is dropped.
      var offered = 0;
      Array.prototype.forEach.call(subtype.options, function (option) {
        if (!option.value) return;
        var mine = option.dataset.category === category;
        option.hidden = !mine;
        option.disabled = !mine;
        if (mine) offered += 1;
        else if (option.selected) subtype.value = "";
      });
      form.querySelector("[data-subtype-field]").hidden = offered === 0;
    }
    var emergency = category === "emergency";
    form.classList.toggle("is-emergency", emergency);
    var priority = form.querySelector("[data-priority]");
    if (priority && changed && changed.name === "category") {
      if (emergency && priority.value !== "urgent") {
        priority.dataset.before = priority.value;
        priority.value = "urgent";
      } else if (!emergency && priority.dataset.before) {
        priority.value = priority.dataset.before;
        delete priority.dataset.before;
      }
    }
    syncPick(form);
  }

  function syncPick(root) {
    var pick = root.querySelector('input[name="pick"]:checked') || root.querySelector('input[name="pick"][type="hidden"]');
    var isNew = pick && pick.value === "new";
    var fields = root.querySelector("[data-new-customer]");
    if (fields) {
      fields.hidden = !isNew;
      fields.disabled = !isNew;
    }
    var honorific = null;
    root.querySelectorAll("[data-customer-card]").forEach(function (card) {
      var mine = pick && card.contains(pick);
      card.classList.toggle("is-picked", !!mine);
      if (mine && pick.dataset.line) card.querySelector("[data-confirm-line]").textContent = pick.dataset.line;
      if (mine) honorific = card.querySelector("[data-honorific]").textContent.trim();
    });
    // The call script speaks to the picked customer (罗女士您好), or to 先生/女士 while nobody is.
    root.querySelectorAll('[data-var="honorific"]').forEach(function (slot) {
      slot.textContent = honorific || slot.dataset.default;
    });
  }

  // After htmx swaps in the caller card, bring it in line with the form.
  document.addEventListener("htmx:afterSwap", function (event) {
    var intake = event.target.closest && event.target.closest("[data-intake]");
    if (intake) syncPick(intake);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var intake = document.querySelector("[data-intake]");
    if (intake) syncIntake(intake, null);
  });
})();
