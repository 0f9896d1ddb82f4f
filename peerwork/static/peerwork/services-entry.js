// The services entry page, offline-first. Entries are saved to IndexedDB with a UUID made here,
// then sent to the sync API; the server upserts by UUID, so sending twice never duplicates.
// Unsent entries are never deleted automatically. No inline scripts: strict CSP.
(function () {
  "use strict";

  var root = document.getElementById("services-entry");
  if (!root || !window.indexedDB) {
    return; // without IndexedDB the forms post to the server as plain forms
  }
  var CACHE = "peerwork-services-v1";
  var DB_NAME = "peerwork-services";
  var shiftId = root.dataset.shift;
  // Records belong to the person who made them, not to the device: each stores its owner's key,
  // and only the signed-in person's records are shown and sent. Others wait for their owner.
  var owner = root.dataset.owner || "";
  var syncing = false;

  function t(key) {
    return root.dataset["t" + key.charAt(0).toUpperCase() + key.slice(1)] || key;
  }
  function $(selector, scope) {
    return (scope || root).querySelector(selector);
  }
  function $all(selector, scope) {
    return Array.prototype.slice.call((scope || root).querySelectorAll(selector));
  }

  // --- ids and storage ---------------------------------------------------------------------
  function uuid4() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  var dbReady = new Promise(function (resolve, reject) {
    var request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = function () {
      var store = request.result.createObjectStore("entries", { keyPath: "uuid" });
      store.createIndex("shift", "shift");
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });

  function withStore(mode, work) {
    return dbReady.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("entries", mode);
        var result = work(tx.objectStore("entries"));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function loadEntries() {
    return withStore("readonly", function (store) { return store.index("shift").getAll(shiftId); }).then(function (list) {
      return (list || []).filter(function (e) { return owner && e.owner === owner; }).sort(function (a, b) { return a.created - b.created; });
    });
  }
  function saveEntries(entries) {
    return withStore("readwrite", function (store) { entries.forEach(function (e) { store.put(e); }); });
  }
  function deleteEntries(uuids) {
    return withStore("readwrite", function (store) { uuids.forEach(function (id) { store.delete(id); }); });
  }

  // --- showing state ----------------------------------------------------------------------
  function say(text) {
    $("[data-sync-message]").textContent = text || "";
  }
  function heldText(n) {
    var form = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || undefined).select(n) : (n === 1 ? "one" : "other");
    return (form === "one" ? t("heldOne") : t("heldOther")).replace("%(n)s", String(n));
  }
  function showConnection() {
    var badge = $("[data-connection]");
    badge.textContent = navigator.onLine ? t("online") : t("offline");
    badge.className = "badge " + (navigator.onLine ? "ok" : "warn");
  }

  function render() {
    return loadEntries().then(function (entries) {
      var list = $("[data-entry-list]");
      list.textContent = "";
      var waiting = 0;
      entries.slice().reverse().forEach(function (entry) {
        var item = document.createElement("li");
        item.dataset.uuid = entry.uuid;
        item.dataset.status = entry.status;
        var what = document.createElement("span");
        what.className = "what";
        what.textContent = entry.label;
        var badge = document.createElement("span");
        badge.className = "badge " + ({ waiting: "warn", accepted: "ok", rejected: "bad" })[entry.status];
        badge.textContent = t(entry.status);
        item.appendChild(what);
        item.appendChild(badge);
        if (entry.status === "rejected") {
          var reason = document.createElement("p");
          reason.className = "reason";
          reason.textContent = entry.reason;
          item.appendChild(reason);
          var retry = document.createElement("button");
          retry.type = "button";
          retry.className = "secondary";
          retry.dataset.retry = entry.uuid;
          retry.textContent = t("retry");
          var discard = document.createElement("button");
          discard.type = "button";
          discard.className = "link";
          discard.dataset.discard = entry.uuid;
          discard.textContent = t("discard");
          item.appendChild(retry);
          item.appendChild(discard);
        }
        if (entry.status === "waiting") { waiting += 1; }
        list.appendChild(item);
      });
      $("[data-unsent]").textContent = String(waiting);
      $("[data-empty]").hidden = entries.length > 0;
      $("[data-sync-now]").hidden = waiting === 0;
      root.dataset.unsentCount = String(waiting);
      return entries;
    });
  }

  // --- client codes, checked here too so the peer hears at once ------------------------------
  var CODE_RULES = {
    ontario: /^[FMXO]-?[A-Z]{4}-?(19|20)\d{2}$/,
    short: /^[A-Z0-9]{4,12}$/
  };
  function clientCode(form) {
    var input = $("[data-client-code]", form);
    var code = input ? input.value.trim().toUpperCase().replace(/\s+/g, "") : "";
    if (!code) { return { code: "" }; }
    var scheme = root.dataset.scheme;
    if (scheme === "none") { return { error: t("codeNone") }; }
    if (!CODE_RULES[scheme].test(code)) { return { error: t(scheme === "ontario" ? "codeOntario" : "codeShort") }; }
    return { code: code };
  }

  function formError(form, text, field) {
    var box = $("[data-form-error]", form);
    box.textContent = text || "";
    if (text && field) { field.focus(); }
  }

  // --- turning a form into records (the server maps a plain form post the same way) ------------
  function base(form, code) {
    var record = { uuid: uuid4(), shift: Number(shiftId), occurred_at: new Date().toISOString(), client_code: code };
    // A lead logging for a team member (or staff) names who did the work: the sync API's "peer".
    var forPeer = $("select[data-for-peer]", form);
    if (forPeer && forPeer.value) { record.peer = Number(forPeer.value); }
    return record;
  }

  function tallyRecords(form, code) {
    var records = [];
    var bad = null;
    $all("input[data-kind]", form).forEach(function (input) {
      var value = input.value.trim();
      if (value === "" || value === "0") { return; }
      var number = Number(value);
      if (!Number.isInteger(number) || number < 0) { bad = bad || input; return; }
      var record = base(form, code);
      record.type = "entry";
      record.kind = input.dataset.kind;
      record.quantity = number;
      if (input.dataset.item) { record.item = Number(input.dataset.item); }
      if (record.kind === "sharps") {
        record.place_name = form.elements.place_name.value.trim();
        record.latitude = form.elements.latitude.value || null;
        record.longitude = form.elements.longitude.value || null;
      }
      records.push({ record: record, label: input.dataset.label + " × " + number });
    });
    if (bad) { return { error: t("negative"), field: bad }; }
    if (!records.length) { return { error: t("nothing") }; }
    return { records: records };
  }

  function referralRecords(form, code) {
    var to = form.elements.referral_to;
    var what = form.elements.referral_for;
    if (!to.value || !what.value) { return { error: t("needReferral"), field: to.value ? what : to }; }
    var record = base(form, code);
    record.type = "entry";
    record.kind = "referral";
    record.referral_to = to.value;
    record.referral_for = what.value;
    var label = t("referral") + ": " + to.options[to.selectedIndex].text + " · " + what.options[what.selectedIndex].text;
    return { records: [{ record: record, label: label }] };
  }

  function checked(form, name) {
    var found = $("input[name='" + name + "']:checked", form);
    return found ? found.value : "";
  }

  function overdoseRecords(form, code) {
    var placeType = checked(form, "place_type");
    var placeName = form.elements.place_name.value.trim();
    if (!placeType && !placeName) { return { error: t("needPlace"), field: form.elements.place_name }; }
    var responders = $all("input[name='responders']:checked", form).map(function (box) { return Number(box.value); });
    if (!responders.length) { return { error: t("needResponder") }; }
    var doses = Number(form.elements.doses_given.value);
    if (!Number.isInteger(doses) || doses < 0) { return { error: t("negative"), field: form.elements.doses_given }; }
    var when = form.elements.occurred_at.value ? new Date(form.elements.occurred_at.value) : new Date();
    var record = base(form, code);
    record.type = "overdose";
    record.occurred_at = (isNaN(when.getTime()) ? new Date() : when).toISOString();
    record.place_type = placeType;
    record.place_name = placeName;
    record.product = checked(form, "product");
    record.doses_given = doses;
    record.emergency_services_called = checked(form, "emergency_services_called") === "yes";
    record.conscious_before = checked(form, "conscious_before") === "yes";
    record.outcome = checked(form, "outcome");
    record.responders = responders;
    var stamp = new Date(record.occurred_at);
    var label = t("overdose") + " · " + stamp.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return { records: [{ record: record, label: label }] };
  }

  var BUILDERS = { tallies: tallyRecords, referral: referralRecords, overdose: overdoseRecords };

  function resetForm(form, kind) {
    if (kind === "tallies") {
      $all("input[data-kind]", form).forEach(function (input) { input.value = "0"; });
      form.elements.place_name.value = "";
      form.elements.latitude.value = "";
      form.elements.longitude.value = "";
      $("[data-locate-status]", form).textContent = "";
      updateSaveTotal();
    } else if (kind === "referral") {
      form.elements.referral_to.value = "";
      form.elements.referral_for.value = "";
    } else {
      form.elements.place_name.value = "";
      delete form.elements.occurred_at.dataset.touched;
      $all("input[name='place_type']", form).forEach(function (box) { box.checked = false; });
      var details = form.closest("details");
      if (details) { details.open = false; }
    }
    var code = $("[data-client-code]", form);
    if (code) { code.value = ""; }
  }

  function onSubmit(event) {
    var form = event.target.closest("form[data-services-form]");
    if (!form) { return; }
    event.preventDefault();
    var kind = form.dataset.servicesForm;
    var code = clientCode(form);
    if (code.error) {
      var codeInput = $("[data-client-code]", form);
      codeInput.closest("details").open = true;
      formError(form, code.error, codeInput);
      return;
    }
    var forPeer = $("select[data-for-peer]", form);
    if (forPeer && forPeer.required && !forPeer.value) { formError(form, t("needPeer"), forPeer); return; }
    var built = BUILDERS[kind](form, code.code);
    if (built.error) { formError(form, built.error, built.field); return; }
    formError(form, "");
    var now = Date.now();
    var entries = built.records.map(function (item, index) {
      item.record.owner = owner;
      return { uuid: item.record.uuid, shift: shiftId, owner: owner, label: item.label, status: "waiting", reason: "", created: now + index, record: item.record };
    });
    saveEntries(entries).then(function () {
      resetForm(form, kind);
      say(t("saved") + " " + entries.map(function (e) { return e.label; }).join(", "));
      return render();
    }).then(sync);
  }

  // --- sending --------------------------------------------------------------------------------
  function csrfToken() {
    var input = $("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function sendBatch(entries) {
    return fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: JSON.stringify({ records: entries.map(function (e) { return e.record; }) })
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) { throw new Error("signin"); }
      if (!response.ok) { throw new Error("server"); }
      return response.json();
    }).then(function (body) {
      var byId = {};
      entries.forEach(function (e) { byId[e.uuid] = e; });
      var changed = [];
      var done = [];
      body.results.forEach(function (result) {
        var entry = byId[result.uuid];
        if (!entry) { return; }
        entry.status = result.status;
        entry.reason = result.reason || "";
        changed.push(entry);
        // Accepted (or already there): out of the queue. Rejected: kept with its reason, not resent.
        if (result.status === "accepted") { done.push(entry.uuid); }
      });
      var kept = changed.filter(function (e) { return e.status !== "accepted"; });
      return saveEntries(kept).then(function () { return deleteEntries(done); }).then(function () { return changed; });
    });
  }

  function sync() {
    if (syncing) { return Promise.resolve(); }
    showConnection();
    return loadEntries().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.status === "waiting"; });
      if (!waiting.length) { return render(); }
      if (!navigator.onLine) { say(t("offline")); return render(); }
      syncing = true;
      say(t("sending"));
      var chunks = [];
      for (var i = 0; i < waiting.length; i += 100) { chunks.push(waiting.slice(i, i + 100)); }
      var rejected = 0;
      return chunks.reduce(function (previous, chunk) {
        return previous.then(function () {
          return sendBatch(chunk).then(function (changed) {
            rejected += changed.filter(function (e) { return e.status === "rejected"; }).length;
          });
        });
      }, Promise.resolve()).then(function () {
        say(rejected ? t("someRejected") : t("sent"));
      }).catch(function (error) {
        say(error && error.message === "signin" ? t("signin") : t("failed"));
      }).then(function () {
        syncing = false;
        return render();
      });
    });
  }

  // --- tallies: big + and − buttons -------------------------------------------------------------
  function updateSaveTotal() {
    var total = 0;
    $all("#tally-form input[data-kind]").forEach(function (input) {
      var n = Number(input.value);
      if (Number.isInteger(n) && n > 0) { total += n; }
    });
    var button = $("#tally-form [data-save]");
    if (!button.dataset.text) { button.dataset.text = button.textContent; }
    button.textContent = total ? button.dataset.text + " (" + total + ")" : button.dataset.text;
  }

  function onClick(event) {
    var step = event.target.closest("[data-step]");
    if (step) {
      var input = document.getElementById(step.dataset.target);
      var value = Math.max(0, (parseInt(input.value, 10) || 0) + Number(step.dataset.step));
      if (input.max) { value = Math.min(Number(input.max), value); }
      input.value = String(value);
      updateSaveTotal();
      return;
    }
    if (event.target.closest("[data-sync-now]")) { sync(); return; }
    var retry = event.target.closest("[data-retry]");
    if (retry) {
      loadEntries().then(function (entries) {
        var entry = entries.filter(function (e) { return e.uuid === retry.dataset.retry; })[0];
        if (!entry) { return; }
        entry.status = "waiting";
        entry.reason = "";
        // A new UUID: the server never stored the rejected one, and this is a fresh attempt.
        entry.record.uuid = uuid4();
        return deleteEntries([entry.uuid]).then(function () {
          entry.uuid = entry.record.uuid;
          return saveEntries([entry]);
        });
      }).then(render).then(sync);
      return;
    }
    var discard = event.target.closest("[data-discard]");
    if (discard) {
      if (window.confirm(t("discardConfirm"))) {
        deleteEntries([discard.dataset.discard]).then(render);
      }
      return;
    }
    var locate = event.target.closest("[data-locate]");
    if (locate && navigator.geolocation) {
      var form = locate.form;
      navigator.geolocation.getCurrentPosition(function (position) {
        form.elements.latitude.value = position.coords.latitude.toFixed(6);
        form.elements.longitude.value = position.coords.longitude.toFixed(6);
        $("[data-locate-status]", form).textContent = t("located");
      }, function () {
        $("[data-locate-status]", form).textContent = t("noLocation");
      }, { timeout: 10000, maximumAge: 60000 });
    }
  }

  // --- offline: the service worker and the page in its cache --------------------------------------
  function prepareOffline() {
    if (!("serviceWorker" in navigator) || !window.caches) { return; }
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.swScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      if (!navigator.onLine) { return true; }
      var urls = [window.location.pathname];
      $all("script[src]", document).forEach(function (s) { urls.push(s.getAttribute("src")); });
      $all("link[rel='stylesheet'], link[rel='manifest']", document).forEach(function (l) { urls.push(l.getAttribute("href")); });
      return caches.open(CACHE).then(function (cache) { return cache.addAll(urls); });
    }).then(function () {
      root.dataset.offlineReady = "true";
      if (!$("[data-sync-message]").textContent) { say(t("ready")); }
    }).catch(function () {
      root.dataset.offlineReady = "false";
    });
  }

  // The page may have been loaded from the phone's cache hours ago: "when" starts at now.
  function localNow() {
    var now = new Date();
    now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
    return now.toISOString().slice(0, 16);
  }
  var overdose = $("details.overdose");
  if (overdose) {
    overdose.addEventListener("toggle", function () {
      var when = $("#od-when");
      if (overdose.open && when && !when.dataset.touched) { when.value = localNow(); }
    });
    $("#od-when").addEventListener("input", function (event) { event.target.dataset.touched = "true"; });
  }

  // Signing out keeps this person's unsent records on the device for them, and says so first.
  function onSignOut(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[action='" + root.dataset.signOutUrl + "']") || form.dataset.told) { return; }
    event.preventDefault();
    loadEntries().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.status === "waiting"; }).length;
      form.dataset.told = "true";
      if (!waiting) { form.submit(); return; }
      var note = document.getElementById("held-notice");
      note.textContent = heldText(waiting) + " " + t("heldKept");
      note.hidden = false;
      note.focus();
    }, function () { form.dataset.told = "true"; form.submit(); });
  }
  document.addEventListener("submit", onSignOut);
  root.addEventListener("submit", onSubmit);
  root.addEventListener("click", onClick);
  root.addEventListener("input", function (event) {
    if (event.target.matches("#tally-form input[data-kind]")) { updateSaveTotal(); }
  });
  window.addEventListener("online", function () { showConnection(); sync(); });
  window.addEventListener("offline", function () { showConnection(); say(t("offline")); });
  showConnection();
  updateSaveTotal();
  render().then(function (entries) {
    var waiting = entries.filter(function (e) { return e.status === "waiting"; }).length;
    if (waiting) { say(heldText(waiting)); }
  }).then(sync).then(function () { root.dataset.ready = "true"; });
  prepareOffline();
})();
