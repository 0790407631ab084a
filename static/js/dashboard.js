/* The leadership dashboard's charts (apps/dashboard): drawn with the vendored Chart.js
 * from the figures the page embeds as JSON (#dashboard-data). Each chart repeats a table
 * that stays on the page, so nothing is lost without JavaScript or to a screen reader. */
(function () {
  "use strict";
  var node = document.getElementById("dashboard-data");
  if (!node || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  var colours = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;

  function datasets(series, fill) {
    return series.map(function (s, i) {
      return {
        label: s.label,
        data: s.data,
        backgroundColor: colours[i % colours.length],
        borderColor: colours[i % colours.length],
        spanGaps: true,
        fill: fill,
      };
    });
  }

  function draw(id, type, block, options) {
    var canvas = document.getElementById(id);
    if (!canvas || !block || !block.labels.length) {
      if (canvas) canvas.closest(".zi-chart").hidden = true;
      return;
    }
    new Chart(canvas, {
      type: type,
      data: { labels: block.labels, datasets: datasets(block.series, false) },
      options: Object.assign({ responsive: true, maintainAspectRatio: false }, options || {}),
    });
  }

  draw("chart-funnel", "bar", data.funnel, {
    indexAxis: "y",
    scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } },
  });
  draw("chart-years", "line", data.years, { scales: { y: { beginAtZero: true } } });
  draw("chart-levels", "bar", data.levels, { scales: { y: { beginAtZero: true, max: 100 } } });
})();
