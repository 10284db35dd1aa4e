/* Charts drawn with Chart.js from the numbers the server put in the page. The same numbers are
   in a table next to each chart, so nothing here is the only way to read them. */
(function () {
  "use strict";

  if (!window.Chart) {
    return;
  }
  var INK = "#1a1a1a";
  var GRID = "#d0d4da";
  var BLUE = "#0b57a4";
  var RED = "#a8321d";

  Chart.defaults.color = INK;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function axis(title) {
    return { title: { display: true, text: title }, grid: { color: GRID } };
  }

  var chart = read("chart-config");
  var chartCanvas = document.querySelector("canvas[data-chart]");
  if (chart && chartCanvas && chart.labels.length) {
    new Chart(chartCanvas, {
      type: chart.kind === "line" ? "line" : "bar",
      data: {
        labels: chart.labels,
        datasets: [{
          label: chart.yTitle,
          data: chart.values,
          backgroundColor: BLUE,
          borderColor: BLUE,
          pointRadius: 3
        }]
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { x: axis(chart.xTitle), y: Object.assign(axis(chart.yTitle), { beginAtZero: true }) }
      }
    });
    chartCanvas.setAttribute("data-drawn", "true");
  }

  var pyramid = read("pyramid-config");
  var pyramidCanvas = document.querySelector("canvas[data-pyramid]");
  if (pyramid && pyramidCanvas) {
    var absolute = function (value) { return Math.abs(value).toLocaleString(); };
    new Chart(pyramidCanvas, {
      type: "bar",
      data: {
        labels: pyramid.labels,
        datasets: [
          // Men to the left of zero, women to the right: a stacked pair per age band.
          { label: pyramid.maleLabel, data: pyramid.male.map(function (v) { return -v; }),
            backgroundColor: BLUE },
          { label: pyramid.femaleLabel, data: pyramid.female, backgroundColor: RED }
        ]
      },
      options: {
        indexAxis: "y",
        plugins: {
          tooltip: {
            callbacks: {
              label: function (item) { return item.dataset.label + ": " + absolute(item.raw); }
            }
          }
        },
        scales: {
          x: Object.assign(axis(pyramid.xTitle), { stacked: true, ticks: { callback: absolute } }),
          y: Object.assign(axis(pyramid.yTitle), { stacked: true })
        }
      }
    });
    pyramidCanvas.setAttribute("data-drawn", "true");
  }
})();
