/* Emergency screens: print buttons, and a live page that never wipes what someone is typing. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });

  // The live page polls every few seconds and swaps the steps table; skip a poll while a note
  // is being typed in it (focused or not yet sent), so the swap does not throw the text away.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var live = event.target;
    if (!live.matches || !live.matches("[data-live-poll]")) return;
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") return;
    var typing = live.contains(document.activeElement) && document.activeElement.matches("input, textarea, select");
    var filled = Array.prototype.some.call(live.querySelectorAll("input[name=note]"), function (input) {
      return input.value.trim() !== "";
    });
    if (typing || filled) event.preventDefault();
  });
})();
