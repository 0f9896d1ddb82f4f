// Peerwork's own small script. No inline scripts anywhere (strict CSP): behaviour hangs off
// data attributes. Pages work without it; it only adds conveniences.
(function () {
  "use strict";

  // Buttons that print the page (receipts, QR cards).
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) {
      event.preventDefault();
      window.print();
    }
  });

  // Confirm before destructive actions: <button data-confirm="Are you sure?">.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var text = (button && button.dataset.confirm) || event.target.dataset.confirm;
    if (text && !window.confirm(text)) {
      event.preventDefault();
    }
  });

  // A table that scrolls sideways on a phone must be reachable by keyboard (WCAG 2.1.1):
  // let its wrapper take focus, named after the table's caption when there is one.
  document.querySelectorAll(".table-wrap:not([tabindex])").forEach(function (wrap) {
    wrap.setAttribute("tabindex", "0");
    var caption = wrap.querySelector("caption");
    if (caption && !wrap.hasAttribute("aria-label")) {
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption.textContent.trim());
    }
  });

  // Auto-submit selects marked data-autosubmit (filters), keeping the submit button for no-JS use.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) {
      event.target.form.requestSubmit();
    }
  });
})();
