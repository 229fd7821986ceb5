/* Report charts: every .chart[data-chart] becomes an Apache ECharts chart (vendored under
   static/vendor/echarts, Chinese locale, a "save as image" button). The data comes in the
   data-chart attribute as JSON (reports/charts.py); the same numbers are in the table under the
   chart, so nothing here is needed to read them. No inline script: the CSP allows only files. */
(function () {
  "use strict";

  function percent(value) {
    return value === null || value === undefined ? "—" : (value * 100).toFixed(1) + "%";
  }

  function option(spec) {
    var rateAxis = spec.series.some(function (s) { return s.code && s.code.slice(-5) === "_rate"; });
    var countAxis = spec.series.some(function (s) { return !(s.code && s.code.slice(-5) === "_rate"); });
    var axes = [];
    if (countAxis) axes.push({ type: "value", minInterval: 1 });
    if (rateAxis) axes.push({ type: "value", min: 0, max: 1, axisLabel: { formatter: percent } });
    var rateIndex = countAxis ? 1 : 0;
    var series = spec.series.map(function (s) {
      var isRate = s.code && s.code.slice(-5) === "_rate";
      return {
        name: s.name,
        type: s.type,
        data: s.data,
        yAxisIndex: isRate ? rateIndex : 0,
        connectNulls: true,
        tooltip: isRate ? { valueFormatter: percent } : undefined
      };
    });
    if (spec.targets.length) {
      // The handbooks' targets as horizontal lines on the rate axis.
      series.push({
        name: spec.targets.map(function (t) { return t.name; }).join(" / "),
        type: "line",
        data: [],
        yAxisIndex: rateIndex,
        markLine: {
          symbol: "none",
          lineStyle: { type: "dashed", color: "#c0392b" },
          label: { formatter: function (p) { return p.name + " " + percent(p.value); } },
          // Two targets close together (98 %, 100 %): the higher one's label above its line, the
          // lower one's below; at the start of the line, where the latest months' points are not.
          data: spec.targets.slice().sort(function (a, b) { return b.value - a.value; }).map(function (t, n) {
            return { name: t.name, yAxis: t.value, label: { position: n % 2 ? "insideStartBottom" : "insideStartTop" } };
          })
        }
      });
    }
    return {
      tooltip: { trigger: "axis" },
      // The figures only: the target lines are labelled on the chart itself.
      legend: { type: "scroll", bottom: 0, data: spec.series.map(function (s) { return s.name; }) },
      grid: { left: 48, right: rateAxis && countAxis ? 56 : 24, top: 36, bottom: 48 },
      toolbox: { feature: { saveAsImage: { title: undefined, name: spec.title } } },
      xAxis: { type: "category", data: spec.categories, axisLabel: { hideOverlap: true } },
      yAxis: axes,
      series: series
    };
  }

  function draw(el) {
    if (!window.echarts || el.dataset.drawn) return;
    var spec;
    try { spec = JSON.parse(el.dataset.chart); } catch (e) { return; }
    var lang = (document.documentElement.lang || "zh").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
    var chart = window.echarts.init(el, null, { locale: lang, renderer: "canvas" });
    chart.setOption(option(spec));
    el.dataset.drawn = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawAll(root) {
    (root || document).querySelectorAll(".chart[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // Results swapped in by htmx carry their own charts.
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
