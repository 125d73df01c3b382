// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">.
// Spec: {type, labels, datasets: [{label, data}], stacked, max}. The page always has a table with the same figures.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") {
    return;
  }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    const spec = JSON.parse(source.textContent);
    const rtl = document.documentElement.dir === "rtl";
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        animation: false,
        plugins: { legend: { position: "bottom", rtl: rtl } },
        scales: spec.type === "bar" || spec.type === "line"
          ? {
              x: { stacked: !!spec.stacked, reverse: rtl },
              y: {
                stacked: !!spec.stacked,
                beginAtZero: true,
                max: spec.max,
                position: rtl ? "right" : "left",
                ticks: { precision: 0 },
              },
            }
          : {},
      },
    });
  });
});
