// The index chart of an office against its region and its previous period: horizontal bars
// per indicator, each a share of its maximum (0–100 %). The data comes from the canvas's
// data-chart attribute (JSON), since the CSP forbids inline scripts; the table below the
// chart holds the same numbers for screen readers (the chart is aria-hidden). A null value
// (too few answers, suspended, not chosen) is a gap, never a 0 bar.
(function () {
  "use strict";
  var canvas = document.getElementById("index-office-chart");
  if (!canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(canvas.getAttribute("data-chart"));
  new Chart(canvas, {
    type: "bar",
    data: data,
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { min: 0, max: 100, ticks: { callback: function (value) { return value + " %"; } } },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
