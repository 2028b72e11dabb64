"use client";
import { useTranslations } from "next-intl";
import { trpc } from "../trpc/react.tsx";
import { Chart } from "./charts/Chart.tsx";
import { useFormat } from "./ui/useFormat.ts";
import { useMe } from "./session/MeContext.tsx";
import { describeError } from "./ui/errors.ts";

const CARDS = ["items", "locations", "lanes", "boms", "policies", "demandRows", "members", "orgUnits"] as const;

export function Dashboard() {
  const t = useTranslations("dashboard");
  const tc = useTranslations("common");
  const me = useMe();
  const fmt = useFormat();
  const q = trpc.session.dashboard.useQuery();
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="subtitle">{t("subtitle", { tenant: me.current?.tenantName ?? "" })}</p>
      {q.error && (
        <div className="alert error" role="alert">
          {describeError(q.error).message}{" "}
          <button className="btn" onClick={() => void q.refetch()}>{tc("retry")}</button>
        </div>
      )}
      <div className="cards">
        {CARDS.map((k) => (
          <div className="card" key={k} data-testid={`count-${k}`}>
            <div className="label">{t(k)}</div>
            <div className="value">{q.data ? fmt.number(q.data[k], 0) : <span className="skeleton" style={{ display: "block", width: 60 }} />}</div>
          </div>
        ))}
      </div>
      {q.data && q.data.items === 0 && q.data.locations === 0 && <p className="empty">{t("empty")}</p>}
      {q.data && (
        <div className="grid2">
          <section className="panel">
            <h2>{t("networkTitle")}</h2>
            <Chart
              testId="chart-network"
              option={{
                tooltip: {},
                xAxis: { type: "category", axisLabel: { interval: 0 }, data: ["supplier", "plant", "dc", "store"].map((k) => fmt.enumLabel("locationTypes", k)) },
                yAxis: { type: "value", minInterval: 1 },
                series: [{ type: "bar", data: ["supplier", "plant", "dc", "store"].map((k) => q.data.locationsByType[k] ?? 0) }],
              }}
            />
          </section>
          <section className="panel">
            <h2>{t("demandTitle")}</h2>
            {q.data.demandByMonth.length === 0 ? (
              <p className="empty">{t("emptyDemand")}</p>
            ) : (
              <Chart
                testId="chart-demand"
                option={{
                  tooltip: { trigger: "axis", valueFormatter: (v) => fmt.number(v, 0) },
                  xAxis: { type: "category", data: q.data.demandByMonth.map((r) => r.month) },
                  yAxis: { type: "value", axisLabel: { formatter: (v: number) => fmt.number(v, 0) } },
                  series: [{ type: "line", smooth: true, areaStyle: {}, data: q.data.demandByMonth.map((r) => r.quantity) }],
                }}
              />
            )}
          </section>
        </div>
      )}
    </>
  );
}
