// Draws every chart on the page: a box with data-chart naming the <script type="application/json"> that holds
// its ECharts option (core/charts.py). Plain ES5 for Chrome 109 and WeChat's browser.
(function () {
  "use strict";
  var formatters = {
    percent: function (value) { return value === null || value === undefined ? "—" : value + "%"; },
    plain: function (value) { return value === null || value === undefined ? "—" : String(value); }
  };

  function draw(box) {
    var source = document.getElementById(box.getAttribute("data-chart"));
    if (!source || box.getAttribute("data-drawn")) { return null; }
    var option = JSON.parse(source.textContent);
    if (option.tooltip && typeof option.tooltip.valueFormatter === "string") {
      option.tooltip.valueFormatter = formatters[option.tooltip.valueFormatter];
    }
    var chart = window.echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(option);
    box.setAttribute("data-drawn", "1");
    return chart;
  }

  var charts = [];

  function drawAll(root) {
    var boxes = root.querySelectorAll("[data-chart]");
    for (var i = 0; i < boxes.length; i++) {
      var chart = draw(boxes[i]);
      if (chart) { charts.push(chart); }
    }
  }

  window.addEventListener("resize", function () {
    for (var j = 0; j < charts.length; j++) { charts[j].resize(); }
  });

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // Fragments swapped in by htmx may bring charts of their own.
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
