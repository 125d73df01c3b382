// Draws every <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">.
// Spec, built in Python beside each figure: {type: "bar" | "line", labels, datasets: [{label, data, axis}],
// stacked, horizontal (bars along the value axis), min, max, percent (values are 0 to 100), decimals,
// axis (the value axis's title), y2: {min, max, title} for datasets with axis "y2"}. Values may arrive as
// decimal strings (Django's JSON encoder) or null (no figure: nothing is drawn there).
// The page always has a table with the same figures, for people who do not see the chart.
// Readable in both colour schemes (each colour 3:1 or more against the page), in right-to-left pages,
// with a pattern (bars) or a dash and point shape (lines) per series so that colour is never the only cue.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") {
    return;
  }
  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  const lang = root.lang || undefined;
  const PALETTES = {
    light: ["#0b3a75", "#b45309", "#1b7f3b", "#7a2e8e", "#a3153d", "#5c5f66"],
    dark: ["#8bb9fe", "#f5a05a", "#6fd08c", "#d9a3ef", "#ff8fa8", "#c5c8cc"],
  };
  const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [12, 6], [4, 8]];
  const POINTS = ["circle", "rect", "triangle", "rectRot", "crossRot", "star"];
  const PATTERNS = 6; // solid, then the five marks drawn in pattern()
  const drawn = [];

  function palette() {
    return PALETTES[root.dataset.bsTheme === "dark" ? "dark" : "light"];
  }

  // A 10-pixel tile of the series' colour with a mark in the page's background: stripes, dots, a grid…
  function pattern(colour, index) {
    if (index % PATTERNS === 0) {
      return colour;
    }
    const tile = document.createElement("canvas");
    tile.width = tile.height = 10;
    const ctx = tile.getContext("2d");
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, 10, 10);
    ctx.strokeStyle = ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.lineWidth = 2;
    ctx.beginPath();
    switch (index % PATTERNS) {
      case 1: // diagonal stripes
        ctx.moveTo(0, 10);
        ctx.lineTo(10, 0);
        ctx.moveTo(-5, 5);
        ctx.lineTo(5, -5);
        ctx.moveTo(5, 15);
        ctx.lineTo(15, 5);
        break;
      case 2: // dots
        ctx.arc(5, 5, 2, 0, 2 * Math.PI);
        ctx.fill();
        break;
      case 3: // horizontal stripes
        ctx.moveTo(0, 5);
        ctx.lineTo(10, 5);
        break;
      case 4: // a grid
        ctx.moveTo(5, 0);
        ctx.lineTo(5, 10);
        ctx.moveTo(0, 5);
        ctx.lineTo(10, 5);
        break;
      default: // the other diagonal
        ctx.moveTo(0, 0);
        ctx.lineTo(10, 10);
        break;
    }
    ctx.stroke();
    return ctx.createPattern(tile, "repeat");
  }

  function numbers(spec) {
    const digits = spec.decimals === undefined ? 2 : spec.decimals;
    const format = spec.percent
      ? new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: digits })
      : new Intl.NumberFormat(lang, { maximumFractionDigits: digits });
    return function (value) {
      return format.format(spec.percent ? value / 100 : value);
    };
  }

  function datasets(spec) {
    const colours = palette();
    return spec.datasets.map(function (series, index) {
      const colour = colours[index % colours.length];
      const style = {
        label: series.label,
        data: series.data.map(function (value) {
          return value === null ? null : Number(value);
        }),
        borderColor: colour,
        yAxisID: series.axis === "y2" ? "y2" : undefined,
      };
      if (spec.type === "line") {
        return Object.assign(style, {
          backgroundColor: colour,
          borderDash: DASHES[index % DASHES.length],
          pointStyle: POINTS[index % POINTS.length],
          pointRadius: 5,
          spanGaps: false,
          tension: 0,
        });
      }
      return Object.assign(style, { backgroundColor: pattern(colour, index), borderWidth: 1 });
    });
  }

  function scales(spec, text, grid) {
    const format = numbers(spec);
    const value = {
      stacked: !!spec.stacked,
      beginAtZero: spec.min === undefined,
      min: spec.min,
      max: spec.max,
      ticks: { color: text, precision: spec.decimals === 0 ? 0 : undefined, callback: format },
      grid: { color: grid },
      title: { display: !!spec.axis, text: spec.axis, color: text },
    };
    const category = { stacked: !!spec.stacked, ticks: { color: text }, grid: { color: grid } };
    if (spec.horizontal) {
      // Bars grow from the reading side: from the right in Hebrew, with the names on the right.
      return {
        x: Object.assign(value, { reverse: rtl }),
        y: Object.assign(category, { position: rtl ? "right" : "left" }),
      };
    }
    const found = {
      x: Object.assign(category, { reverse: rtl }),
      y: Object.assign(value, { position: rtl ? "right" : "left" }),
    };
    if (spec.y2) {
      found.y2 = {
        min: spec.y2.min,
        max: spec.y2.max,
        position: rtl ? "left" : "right",
        ticks: { color: text, callback: format },
        grid: { drawOnChartArea: false },
        title: { display: !!spec.y2.title, text: spec.y2.title, color: text },
      };
    }
    return found;
  }

  function options(spec, boxed) {
    const style = getComputedStyle(document.body);
    const text = style.color;
    const grid = style.getPropertyValue("--bs-border-color") || "rgba(128, 128, 128, 0.3)";
    const format = numbers(spec);
    return {
      responsive: true,
      // In a .chart-box the box gives the height (CSS, or the rows of a horizontal chart); elsewhere 2:1.
      maintainAspectRatio: !boxed,
      animation: false,
      indexAxis: spec.horizontal ? "y" : "x",
      scales: scales(spec, text, grid),
      plugins: {
        legend: {
          position: "bottom",
          rtl: rtl,
          textDirection: rtl ? "rtl" : "ltr",
          labels: { color: text, usePointStyle: spec.type === "line" },
        },
        tooltip: {
          rtl: rtl,
          textDirection: rtl ? "rtl" : "ltr",
          callbacks: {
            label: function (context) {
              const raw = spec.horizontal ? context.parsed.x : context.parsed.y;
              return context.dataset.label + ": " + format(raw);
            },
          },
        },
      },
    };
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || Chart.getChart(canvas)) {
      return;
    }
    const spec = JSON.parse(source.textContent);
    const boxed = canvas.parentElement.classList.contains("chart-box");
    if (spec.horizontal && boxed) {
      // Room for every bar: the box's height follows the number of rows (and of bars in a row).
      const bars = spec.labels.length * (spec.stacked ? 1 : spec.datasets.length);
      canvas.parentElement.style.height = Math.max(12, 4 + bars * 1.4) + "rem";
    }
    const chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: options(spec, boxed),
    });
    drawn.push({ chart: chart, spec: spec, boxed: boxed });
  });

  // The scheme can change while the page is open (the device's setting, through theme.js): redraw in it.
  new MutationObserver(function () {
    drawn.forEach(function (item) {
      item.chart.data.datasets = datasets(item.spec);
      item.chart.options = options(item.spec, item.boxed);
      item.chart.update();
    });
  }).observe(root, { attributes: true, attributeFilter: ["data-bs-theme"] });
});
