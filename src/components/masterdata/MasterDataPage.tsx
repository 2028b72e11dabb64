"use client";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { trpc } from "../../trpc/react.tsx";
import { DataGrid } from "../grid/DataGrid.tsx";
import { Drawer } from "../ui/Drawer.tsx";
import { EntityForm, type FormValues } from "../ui/EntityForm.tsx";
import { toCsv, downloadText } from "../ui/csv.ts";
import { describeError } from "../ui/errors.ts";
import { useFormat } from "../ui/useFormat.ts";
import { useCan } from "../session/MeContext.tsx";
import { MAX_PAGE_SIZE, type TGridQuery } from "../../schemas/grid.ts";
import { LABEL_FIELD, columnsFor, fieldsFor, type EntityName } from "./entities.ts";

type Row = Record<string, unknown> & { id: string };
interface EntityApi {
  list: { query(q: TGridQuery): Promise<{ rows: Row[]; total: number }> };
  create: { mutate(v: FormValues): Promise<unknown> };
  update: { mutate(v: FormValues): Promise<unknown> };
  delete: { mutate(v: { id: string }): Promise<unknown> };
}

export function MasterDataPage({ entity }: { entity: EntityName }) {
  const t = useTranslations("entities");
  const tc = useTranslations("common");
  const fmt = useFormat();
  const canWriteMasterdata = useCan("masterdata.write");
  const canWriteOrg = useCan("orgunits.write");
  const canWrite = entity === "orgUnits" ? canWriteOrg : canWriteMasterdata;
  const utils = trpc.useUtils();
  const options = trpc.masterdata.options.useQuery();
  const api =
    entity === "orgUnits"
      ? (utils.client.admin.orgUnits as unknown as EntityApi)
      : (utils.client.masterdata as unknown as Record<EntityName, EntityApi>)[entity];
  const [refreshKey, setRefreshKey] = useState(0);
  const [editing, setEditing] = useState<Row | "new" | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const columns = useMemo(() => columnsFor(entity, fmt), [entity, fmt]);
  const fields = useMemo(
    () => fieldsFor(entity, options.data ?? { items: [], locations: [], orgUnits: [] }, fmt),
    [entity, options.data, fmt],
  );
  const fetchPage = useCallback((q: TGridQuery) => api.list.query(q), [api]);
  const done = (text: string) => {
    setEditing(null);
    setNotice({ kind: "ok", text });
    setRefreshKey((k) => k + 1);
    void utils.masterdata.options.invalidate();
  };

  async function exportCsv() {
    const rows: Row[] = [];
    for (let start = 0; ; start += MAX_PAGE_SIZE) {
      const page = await api.list.query({ startRow: start, endRow: start + MAX_PAGE_SIZE, sort: [], filter: {} });
      rows.push(...page.rows);
      if (rows.length >= page.total || page.rows.length === 0) break;
    }
    const cols = columns.map((c) => String(c.field));
    downloadText(`${entity}.csv`, toCsv(cols, rows.map((r) => cols.map((c) => r[c]))));
  }

  async function remove(row: Row) {
    if (!window.confirm(tc("confirmDelete", { name: String(row[LABEL_FIELD[entity]] ?? row.id) }))) return;
    try {
      await api.delete.mutate({ id: row.id });
      done(tc("deleted"));
    } catch (err) {
      setNotice({ kind: "error", text: describeError(err).message });
    }
  }

  return (
    <>
      <h1>{t(`${entity}.title`)}</h1>
      <p className="subtitle">{t(`${entity}.subtitle`)}</p>
      <div className="toolbar">
        {canWrite ? (
          <button className="btn primary" onClick={() => setEditing("new")} data-testid="create">
            {t(`${entity}.new`)}
          </button>
        ) : (
          <span className="badge">{tc("readOnly")}</span>
        )}
        <button className="btn" onClick={() => void exportCsv()}>
          {tc("exportCsv")}
        </button>
        <span className="spacer" />
        {total !== null && <span className="badge" data-testid="row-count">{tc("rows", { count: total })}</span>}
      </div>
      {notice && (
        <div className={`alert ${notice.kind}`} role="status" onClick={() => setNotice(null)}>
          {notice.text}
        </div>
      )}
      <DataGrid<Row>
        columns={columns}
        fetchPage={fetchPage}
        refreshKey={refreshKey}
        onRowActivated={(row) => setEditing(row)}
        emptyText={t(`${entity}.empty`)}
        onTotal={setTotal}
      />
      {editing && (
        <Drawer title={t(`${entity}.${editing === "new" ? "new" : "edit"}`)} onClose={() => setEditing(null)}>
          <EntityForm
            fields={fields}
            initial={editing === "new" ? undefined : editing}
            readOnly={!canWrite}
            onSubmit={(values) =>
              editing === "new" ? api.create.mutate(values) : api.update.mutate({ ...values, id: editing.id })
            }
            onDone={() => done(tc("saved"))}
            onCancel={() => setEditing(null)}
          />
          {editing !== "new" && canWrite && (
            <button className="btn danger" style={{ marginTop: 16 }} onClick={() => void remove(editing)}>
              {tc("delete")}
            </button>
          )}
        </Drawer>
      )}
    </>
  );
}
