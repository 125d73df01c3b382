// The budget's burn chart: committed and spent per fiscal year, and what is left over time.
// The figures come from a <script type="application/json" id="budget-data"> written by
// Django's json_script; amounts arrive as exact decimal strings and are only turned into
// numbers here, for drawing. The same figures are in the table under the chart.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("budget-data");
  const canvas = document.getElementById("budget-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  const numbers = function (values) {
    return values.map(function (value) {
      return Number(value);
    });
  };
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // Right-to-left pages (Hebrew) read the years from the right, with the amounts on the right, as charts.js does.
  const rtl = document.documentElement.dir === "rtl";
  const money = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
  });
  new window.Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        {
          type: "bar",
          label: data.names.committed,
          data: numbers(data.committed),
          backgroundColor: "#0b3a75",
        },
        {
          type: "bar",
          label: data.names.spent,
          data: numbers(data.spent),
          backgroundColor: "#d9822b",
        },
        {
          type: "line",
          label: data.names.remaining,
          data: numbers(data.remaining),
          borderColor: "#1b7f3b",
          backgroundColor: "#1b7f3b",
          borderDash: [6, 4],
          tension: 0,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : undefined,
      scales: {
        x: { reverse: rtl },
        y: {
          position: rtl ? "right" : "left",
          beginAtZero: true,
          title: { display: true, text: data.currency },
          ticks: {
            callback: function (value) {
              return money.format(value);
            },
          },
        },
      },
      plugins: {
        legend: { rtl: rtl },
        tooltip: {
          rtl: rtl,
          callbacks: {
            label: function (context) {
              return context.dataset.label + ": " + money.format(context.parsed.y) + " " + data.currency;
            },
          },
        },
      },
    },
  });
});
