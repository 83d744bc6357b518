// The radar chart of the maturity board: the data comes from the canvas's data-chart
// attribute (JSON), since the CSP forbids inline scripts.
(function () {
  "use strict";
  var canvas = document.getElementById("maturity-radar");
  if (!canvas || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(canvas.getAttribute("data-chart"));
  new Chart(canvas, {
    type: "radar",
    data: data,
    options: {
      scales: { r: { min: 0, max: 100, ticks: { stepSize: 25 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
})();
