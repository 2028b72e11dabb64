"use client";
/** History, fitted values, the baseline with its 80 % / 95 % bands, the consensus and hold-out actuals. */
import { useTranslations } from "next-intl";
import type { EChartsOption } from "echarts";
import { Chart } from "../charts/Chart.tsx";
import { useRunFormat } from "../runs/shared.tsx";
import type { Workbench } from "./ForecastPage.tsx";

export function ForecastChart({ wb }: { wb: Workbench }) {
  const t = useTranslations("forecast.chart");
  const fmt = useRunFormat();
  const hist = wb.history.labels.length;
  const periods = wb.version.periods;
  const labels = [...wb.history.labels, ...periods];
  const pad = (n: number) => Array.from({ length: n }, () => null as number | null);
  const future = (values: readonly (number | null)[]) => [...pad(hist), ...values.slice(0, periods.length)];
  const diff = (hi: readonly (number | null)[], lo: readonly (number | null)[]) =>
    hi.map((h, i) => (h == null || lo[i] == null ? null : Math.max(0, h - lo[i]!)));
  const b = wb.bands;
  const band = (name: string, lo: (number | null)[], hi: (number | null)[], color: string): EChartsOption["series"] => [
    { name, type: "line", stack: name, data: future(lo), lineStyle: { opacity: 0 }, showSymbol: false, silent: true, areaStyle: { opacity: 0 }, tooltip: { show: false } },
    { name, type: "line", stack: name, data: future(diff(hi, lo)), lineStyle: { opacity: 0 }, showSymbol: false, silent: true, areaStyle: { color, opacity: 1 } },
  ] as EChartsOption["series"];
  const bandSeries = [
    ...(b.lower95?.length ? (band(t("band95"), b.lower95, b.upper95, "rgba(37, 99, 235, 0.12)") as object[]) : []),
    ...(b.lower80?.length ? (band(t("band80"), b.lower80, b.upper80, "rgba(37, 99, 235, 0.22)") as object[]) : []),
  ];
  const option: EChartsOption = {
    tooltip: {
      trigger: "axis",
      formatter: (params: unknown) => {
        const ps = (Array.isArray(params) ? params : [params]) as { axisValueLabel: string; seriesName: string; value: number | null; marker: string; seriesIndex: number }[];
        if (!ps.length) return "";
        const i = labels.indexOf(ps[0]!.axisValueLabel);
        const lines = ps
          .filter((p) => p.value != null && !p.seriesName.startsWith(t("band80")) && !p.seriesName.startsWith(t("band95")))
          .map((p) => `${p.marker}${p.seriesName}: ${fmt.number(p.value, 1)}`);
        const k = i - hist;
        if (k >= 0 && b.lower80?.[k] != null) lines.push(`${t("band80")}: ${fmt.number(b.lower80[k], 1)} – ${fmt.number(b.upper80[k], 1)}`);
        if (k >= 0 && b.lower95?.[k] != null) lines.push(`${t("band95")}: ${fmt.number(b.lower95[k], 1)} – ${fmt.number(b.upper95[k], 1)}`);
        return [ps[0]!.axisValueLabel, ...lines].join("<br/>");
      },
    },
    legend: { top: 0 },
    grid: { left: 60, right: 16, top: 40, bottom: 60 },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
    xAxis: { type: "category", data: labels, boundaryGap: false },
    yAxis: { type: "value", min: 0, axisLabel: { formatter: (v: number) => fmt.number(v, 0) } },
    series: [
      ...(bandSeries as never[]),
      { name: t("history"), type: "line", data: [...wb.history.values, ...pad(periods.length)], showSymbol: false, lineStyle: { color: "#334155" }, itemStyle: { color: "#334155" } },
      { name: t("fitted"), type: "line", data: [...wb.fitted.slice(0, hist), ...pad(Math.max(0, labels.length - Math.min(hist, wb.fitted.length)))], showSymbol: false, lineStyle: { type: "dashed", color: "#94a3b8" }, itemStyle: { color: "#94a3b8" } },
      { name: t("baseline"), type: "line", data: future(wb.baseline), showSymbol: false, lineStyle: { color: "#2563eb", width: 2 }, itemStyle: { color: "#2563eb" } },
      { name: t("consensus"), type: "line", data: future(wb.consensus), showSymbol: true, symbolSize: 5, lineStyle: { color: "#ea580c", width: 2 }, itemStyle: { color: "#ea580c" } },
      ...(wb.actuals ? [{ name: t("actuals"), type: "line" as const, data: future(wb.actuals), showSymbol: true, symbol: "diamond", symbolSize: 7, lineStyle: { color: "#16a34a" }, itemStyle: { color: "#16a34a" } }] : []),
    ],
  };
  return (
    <div data-testid="forecast-chart" data-points={labels.length} data-periods={periods.length}>
      <Chart option={option} height={340} />
    </div>
  );
}
