// Renders every Vega-Lite spec on the page with vega-embed. Specs sit in
// <script type="application/json"> elements (allowed by the CSP: they are data, not code).
// Vega's expression interpreter (ast: true) avoids eval, so the CSP needs no 'unsafe-eval';
// defaultStyle: false and the tooltip's disableDefaultStyle keep vega-embed and
// vega-tooltip from injecting inline <style> elements.
(function () {
  "use strict";
  var locale = { decimal: ",", thousands: "\u00a0", grouping: [3], currency: ["", "\u00a0kr"] };

  function render(root) {
    var nodes = (root || document).querySelectorAll("[data-vega-spec]:not([data-rendered])");
    nodes.forEach(function (node) {
      var source = document.getElementById(node.getAttribute("data-vega-spec"));
      if (!source || typeof vegaEmbed === "undefined") return;
      node.setAttribute("data-rendered", "pending");
      var spec = JSON.parse(source.textContent);
      vegaEmbed(node, spec, {
        renderer: "svg",
        actions: false,
        ast: true,
        expr: window.vegaExpressionInterpreter,
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },  // its styles live in indicators.css
        formatLocale: locale,
      }).then(function () {
        node.setAttribute("data-rendered", "done");
        var svg = node.querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");  // the table below carries the numbers
      }).catch(function (error) {
        node.setAttribute("data-rendered", "failed");
        node.textContent = "Figuren kunne ikke vises. Tallene står i tabellen.";
        if (window.console) console.warn(error);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function (event) { render(event.target); });
})();
