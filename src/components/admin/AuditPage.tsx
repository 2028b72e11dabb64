"use client";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import type { ColDef } from "ag-grid-community";
import { trpc } from "../../trpc/react.tsx";
import { DataGrid } from "../grid/DataGrid.tsx";
import { useFormat } from "../ui/useFormat.ts";
import type { TGridQuery } from "../../schemas/grid.ts";
import { patchLines } from "./patchText.ts";

interface AuditRow {
  id: string; createdAt: string; actorEmail: string | null; entity: string; entityId: string;
  action: string; patch: unknown[]; requestId: string | null;
}

const ENTITIES = ["item", "location", "lane", "bom", "policy", "orgUnit", "membership"];
const ACTIONS = ["create", "update", "delete", "invite", "deactivate", "reactivate"];

export function AuditPage() {
  const t = useTranslations("entities.audit");
  const ta = useTranslations("audit");
  const tf = useTranslations("fields");
  const fmt = useFormat();
  const utils = trpc.useUtils();
  const [filters, setFilters] = useState({ entity: "", action: "", from: "", to: "" });
  const [refreshKey, setRefreshKey] = useState(0);

  const columns = useMemo<ColDef<AuditRow>[]>(
    () => [
      { field: "createdAt", headerName: tf("createdAt"), sortable: false, valueFormatter: (p) => (p.value ? fmt.dateTime(p.value) : "") },
      { field: "actorEmail", headerName: tf("actor"), sortable: false },
      { field: "entity", headerName: tf("entity"), sortable: false, maxWidth: 140 },
      { field: "action", headerName: tf("action"), sortable: false, maxWidth: 130 },
      {
        field: "patch", headerName: tf("changes"), sortable: false, flex: 3, wrapText: false,
        valueFormatter: (p) => patchLines((p.value ?? []) as never).join("; "),
        tooltipValueGetter: (p) => patchLines((p.value ?? []) as never).join("\n"),
      },
      { field: "requestId", headerName: tf("requestId"), sortable: false },
    ],
    [tf, fmt],
  );

  const fetchPage = useCallback(
    (q: TGridQuery) =>
      utils.client.admin.audit.list.query({
        startRow: q.startRow,
        endRow: q.endRow,
        entity: filters.entity || undefined,
        action: filters.action || undefined,
        from: filters.from ? new Date(filters.from + "T00:00:00Z") : undefined,
        to: filters.to ? new Date(filters.to + "T23:59:59Z") : undefined,
      }),
    [utils, filters],
  );

  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) => {
    setFilters((f) => ({ ...f, [k]: e.target.value }));
    setRefreshKey((n) => n + 1);
  };

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="subtitle">{t("subtitle")}</p>
      <div className="toolbar">
        <label className="field">
          {ta("filterEntity")}
          <select value={filters.entity} onChange={set("entity")} data-testid="audit-entity">
            <option value="">{ta("all")}</option>
            {ENTITIES.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </label>
        <label className="field">
          {ta("filterAction")}
          <select value={filters.action} onChange={set("action")}>
            <option value="">{ta("all")}</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label className="field">
          {ta("from")}
          <input type="date" value={filters.from} onChange={set("from")} />
        </label>
        <label className="field">
          {ta("to")}
          <input type="date" value={filters.to} onChange={set("to")} />
        </label>
      </div>
      <DataGrid<AuditRow> key={JSON.stringify(filters)} columns={columns} fetchPage={fetchPage} refreshKey={refreshKey} emptyText={t("empty")} />
    </>
  );
}
