// Check-ins: save each answer as soon as it is chosen, so a kiosk time-out or a dropped
// connection loses nothing. The form still works without this script ("Save and finish later").
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input || input.type !== "radio") return;
  var form = input.closest("form[data-autosave]");
  if (!form) return;
  var data = new FormData(form);
  data.set("action", "autosave");
  var status = form.querySelector("[data-autosave-status]");
  fetch(window.location.href, { method: "POST", body: data, credentials: "same-origin" })
    .then(function (response) {
      if (status) status.textContent = response.ok ? status.dataset.saved : status.dataset.failed;
    })
    .catch(function () {
      if (status) status.textContent = status.dataset.failed;
    });
});
