// The team health chart: the average of each rating per health check, and their overall average.
// The figures come from a <script type="application/json" id="health-data"> written by Django's
// json_script; only checks with enough answers to show are in it. The same figures are in the
// table under the chart, for people who do not see the chart.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("health-data");
  const canvas = document.getElementById("health-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  if (!data.labels.length) {
    return;
  }
  const colours = ["#0b3a75", "#d9822b", "#1b7f3b", "#7a2e8e", "#9a6700"];
  const numbers = function (values) {
    return values.map(function (value) {
      return value === "None" ? null : Number(value);
    });
  };
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // Right-to-left pages (Hebrew) read time from right to left: mirror the axis and the legend.
  const rtl = document.documentElement.dir === "rtl";
  const datasets = data.series.map(function (series, index) {
    return {
      type: "line",
      label: series.label,
      data: numbers(series.values),
      borderColor: colours[index % colours.length],
      backgroundColor: colours[index % colours.length],
      tension: 0,
    };
  });
  datasets.push({
    type: "line",
    label: data.overall.label,
    data: numbers(data.overall.values),
    borderColor: "#000",
    backgroundColor: "#000",
    borderWidth: 3,
    borderDash: [6, 4],
    tension: 0,
  });
  new window.Chart(canvas, {
    data: { labels: data.labels, datasets: datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : undefined,
      plugins: { legend: { rtl: rtl }, tooltip: { rtl: rtl } },
      scales: {
        x: { reverse: rtl },
        y: {
          min: 1,
          max: 5,
          position: rtl ? "right" : "left",
          ticks: { stepSize: 1 },
          title: { display: true, text: data.axis },
        },
      },
    },
  });
});
