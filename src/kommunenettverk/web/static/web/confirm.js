// Irreversible actions ask first (core/confirm.py). A form with data-confirm="<question>"
// opens the page's <dialog id="confirm-dialog"> instead of posting: focus starts on
// "Avbryt", Escape or "Avbryt" closes it and focus returns to the button that was pressed,
// "Bekreft" posts the form with confirmed=1. Without JavaScript the server asks on a page.
// A submit button may carry its own data-confirm (and data-confirm-button): a form with two
// actions (publish, send back) asks each its own question.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var question = dialog.querySelector("[data-confirm-question]");
    var accept = dialog.querySelector("[data-confirm-accept]");
    var cancel = dialog.querySelector("[data-confirm-cancel]");
    var pending = null;
    var submitter = null;

    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.hasAttribute) return;
      var button = event.submitter || null;
      var asker = button && button.hasAttribute("data-confirm") ? button : form;
      if (!asker.hasAttribute("data-confirm")) return;
      if (form.querySelector("input[name=confirmed]")) return;
      if (button && button.hasAttribute("data-no-confirm")) return;
      submitter = button;
      event.preventDefault();
      pending = form;
      question.textContent = asker.getAttribute("data-confirm");
      accept.textContent = asker.getAttribute("data-confirm-button") || accept.getAttribute("data-default");
      dialog.showModal();
      cancel.focus();
    });

    accept.addEventListener("click", function () {
      var form = pending;
      if (!form) return;
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "1";
      form.appendChild(confirmed);
      if (submitter && submitter.name) {
        var keep = document.createElement("input");
        keep.type = "hidden";
        keep.name = submitter.name;
        keep.value = submitter.value;
        form.appendChild(keep);
      }
      dialog.close();
      // The prototype's submit: a control named "submit" (the annual report's "Send inn")
      // shadows form.submit.
      HTMLFormElement.prototype.submit.call(form);
    });

    cancel.addEventListener("click", function () {
      dialog.close();
    });

    dialog.addEventListener("close", function () {
      if (pending && !pending.querySelector("input[name=confirmed]") && submitter) {
        submitter.focus();
      }
      pending = null;
    });
  });
})();
