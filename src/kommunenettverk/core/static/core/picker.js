// Progressive enhancement of long checkbox lists (core/_field.html, PickerCheckboxSelectMultiple):
// shows the filter box, hides the options that do not match what is typed (ignoring case and
// accents) and says how many are shown and chosen. Without this script the form is a plain
// list of checkboxes. Loaded as a file (the CSP allows no inline script); safe to load twice.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLocaleLowerCase("nb").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setup(root) {
    root.querySelectorAll("[data-picker]:not([data-picker-ready])").forEach(function (picker) {
      picker.setAttribute("data-picker-ready", "");
      var filter = picker.querySelector("[data-picker-filter]");
      var input = filter.querySelector("input");
      var count = picker.querySelector("[data-picker-count]");
      var rows = Array.prototype.slice.call(picker.querySelectorAll(".checkbox-row"));
      var texts = rows.map(function (row) { return normalise(row.textContent); });

      function update() {
        var wanted = normalise(input.value.trim());
        var shown = 0;
        var checked = 0;
        rows.forEach(function (row, index) {
          var match = !wanted || texts[index].indexOf(wanted) !== -1;
          row.hidden = !match;
          if (match) shown += 1;
          if (row.querySelector("input").checked) checked += 1;
        });
        count.textContent = count.getAttribute("data-template")
          .replace("{shown}", shown).replace("{total}", rows.length).replace("{checked}", checked);
      }

      input.addEventListener("input", update);
      picker.addEventListener("change", update);
      // Enter in the filter box filters; it must not submit the form.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
      filter.hidden = false;
      update();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  } else {
    setup(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) { setup(event.target); });
})();
