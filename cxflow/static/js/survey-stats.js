// The bar chart of an office's survey answers per day: the data comes from the canvas's
// data-chart attribute (JSON), since the CSP forbids inline scripts. The table below the
// chart holds the same numbers for screen readers (the chart is aria-hidden).
(function () {
  "use strict";
  var canvas = document.getElementById("survey-chart");
  if (!canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(canvas.getAttribute("data-chart"));
  new Chart(canvas, {
    type: "bar",
    data: data,
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
