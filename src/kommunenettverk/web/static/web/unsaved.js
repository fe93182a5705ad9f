// Unsaved changes are not lost without a warning (progressive enhancement). Every
// <form data-unsaved="<name of the part>"> on the page is watched. Sending one form while
// another has changes, or following a link away, first shows the in-page notice from
// <template id="unsaved-notice">: it names the changed parts and offers to go back to them
// (focus on the first changed field) or to go on and drop them. Leaving the page any other
// way (closing the tab, the address bar) asks through the browser's beforeunload warning.
// Without JavaScript each form still saves only its own part.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-unsaved]"));
    var template = document.getElementById("unsaved-notice");
    if (!forms.length || !template) return;
    var leaving = false;
    var notice = null;

    function state(form) {
      var parts = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") return;
        if (el.type === "checkbox" || el.type === "radio") parts.push(el.name + "=" + el.checked);
        else if (el.type === "file") parts.push(el.name + "=" + el.files.length);
        else parts.push(el.name + "=" + el.value);
      });
      return parts.join("&");
    }
    forms.forEach(function (form) { form.unsavedInitial = state(form); });

    function changed(except) {
      return forms.filter(function (f) { return f !== except && state(f) !== f.unsavedInitial; });
    }

    function firstChangedField(form) {
      return Array.prototype.find.call(form.elements, function (el) {
        return el.name && el.type !== "hidden" && el.type !== "submit" && !el.disabled;
      });
    }

    function show(dirty, before, proceed) {
      if (notice) notice.remove();
      notice = template.content.firstElementChild.cloneNode(true);
      notice.querySelector("[data-unsaved-names]").textContent = dirty
        .map(function (f) { return "«" + f.getAttribute("data-unsaved") + "»"; })
        .join(", ");
      notice.querySelector("[data-unsaved-back]").addEventListener("click", function () {
        var field = firstChangedField(dirty[0]);
        notice.remove();
        notice = null;
        if (field) field.focus();
      });
      notice.querySelector("[data-unsaved-proceed]").addEventListener("click", function () {
        leaving = true;
        proceed();
      });
      before.parentNode.insertBefore(notice, before);
      notice.focus();
    }

    // Capture phase: decided before other submit handlers (confirm.js) see the event.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.unsavedProceed) { leaving = true; return; }
      var dirty = changed(form);
      if (!dirty.length) { leaving = true; return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      var submitter = event.submitter || null;
      show(dirty, form, function () {
        form.unsavedProceed = true;
        if (form.requestSubmit) form.requestSubmit(submitter);
        else form.submit();
      });
    }, true);

    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || event.defaultPrevented || link.target || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (link.getAttribute("href").charAt(0) === "#") return;
      var dirty = changed(null);
      if (!dirty.length) return;
      event.preventDefault();
      var main = document.querySelector("main") || document.body;
      show(dirty, main.firstElementChild || main, function () { window.location.href = link.href; });
    });

    window.addEventListener("beforeunload", function (event) {
      if (leaving || !changed(null).length) return;
      event.preventDefault();
      event.returnValue = "";
    });
  });
})();
