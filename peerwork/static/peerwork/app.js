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

  // Signing out, from any page: say first how many of this person's records still wait on this
  // device to be sent (the services entry page queues them offline, keyed by person). They stay
  // for their owner; a second press signs out. The entry page does this itself.
  var body = document.body;
  function waitingOnDevice(owner) {
    return new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(0); return; }
      var request = indexedDB.open("peerwork-services");
      // No queue on this device yet: do not create one (the entry page owns its layout).
      request.onupgradeneeded = function () { request.transaction.abort(); };
      request.onerror = function () { resolve(0); };
      request.onsuccess = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("entries")) { db.close(); resolve(0); return; }
        var all = db.transaction("entries", "readonly").objectStore("entries").getAll();
        all.onsuccess = function () {
          db.close();
          resolve((all.result || []).filter(function (e) { return e.owner === owner && e.status === "waiting"; }).length);
        };
        all.onerror = function () { db.close(); resolve(0); };
      };
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var owner = body.dataset.queueOwner;
    if (!owner || document.getElementById("services-entry") || form.dataset.told) { return; }
    if (form.getAttribute("action") !== body.dataset.signOutUrl) { return; }
    event.preventDefault();
    waitingOnDevice(owner).then(function (waiting) {
      form.dataset.told = "true";
      if (!waiting) { form.submit(); return; }
      var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || undefined).select(waiting) : (waiting === 1 ? "one" : "other");
      var text = (plural === "one" ? body.dataset.heldOne : body.dataset.heldOther).replace("%(n)s", String(waiting));
      var note = document.createElement("p");
      note.className = "message warning";
      note.id = "held-on-device";
      note.setAttribute("role", "alert");
      note.setAttribute("tabindex", "-1");
      note.textContent = text + " " + body.dataset.heldKept;
      var main = document.getElementById("main");
      main.insertBefore(note, main.firstChild);
      note.focus();
    });
  });

  // Auto-submit selects marked data-autosubmit (filters), keeping the submit button for no-JS use.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) {
      event.target.form.requestSubmit();
    }
  });
})();
