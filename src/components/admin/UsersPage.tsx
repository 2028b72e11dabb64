"use client";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import type { ColDef } from "ag-grid-community";
import { trpc } from "../../trpc/react.tsx";
import { DataGrid } from "../grid/DataGrid.tsx";
import { Drawer } from "../ui/Drawer.tsx";
import { EntityForm, type FieldDef } from "../ui/EntityForm.tsx";
import { describeError } from "../ui/errors.ts";
import { useCan } from "../session/MeContext.tsx";
import { useFormat } from "../ui/useFormat.ts";
import { ROLES } from "../../schemas/roles.ts";
import type { TGridQuery } from "../../schemas/grid.ts";

interface Member {
  id: string; userId: string; email: string; name: string; role: string; active: boolean;
  orgUnitId: string | null; orgUnit: string | null; lastLoginAt: string | null;
}

export function UsersPage() {
  const t = useTranslations("entities.users");
  const tc = useTranslations("common");
  const tu = useTranslations("users");
  const tf = useTranslations("fields");
  const tr = useTranslations("roles");
  const fmt = useFormat();
  const canWrite = useCan("users.write");
  const utils = trpc.useUtils();
  const options = trpc.masterdata.options.useQuery();
  const [refreshKey, setRefreshKey] = useState(0);
  const [editing, setEditing] = useState<Member | "new" | null>(null);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const roleOptions = ROLES.map((r) => ({ value: r, label: tr(r) }));
  const orgOptions = (options.data?.orgUnits ?? []).map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` }));
  const inviteFields: FieldDef[] = [
    { name: "email", kind: "email", required: true },
    { name: "name", kind: "text", required: true },
    { name: "role", kind: "select", required: true, options: roleOptions },
    { name: "orgUnitId", kind: "select", options: orgOptions },
    { name: "password", kind: "password" },
  ];
  const changeFields: FieldDef[] = [
    { name: "role", kind: "select", required: true, options: roleOptions },
    { name: "orgUnitId", kind: "select", nullable: true, options: orgOptions },
  ];

  const columns = useMemo<ColDef<Member>[]>(
    () => [
      { field: "email", headerName: tf("email"), filter: "agTextColumnFilter", flex: 2 },
      { field: "name", headerName: tf("name"), filter: "agTextColumnFilter" },
      { field: "role", headerName: tf("role"), filter: "agTextColumnFilter", filterParams: { filterOptions: ["equals"], maxNumConditions: 1 }, valueFormatter: (p) => (p.value ? tr(p.value) : "") },
      { field: "orgUnit", headerName: tf("orgUnit"), filter: "agTextColumnFilter" },
      { field: "active", headerName: tf("active"), sortable: false, valueFormatter: (p) => (p.value ? tc("yes") : tc("no")) },
      { field: "lastLoginAt", headerName: tf("lastLoginAt"), sortable: false, valueFormatter: (p) => (p.value ? fmt.dateTime(p.value) : "") },
    ],
    [tf, tr, tc, fmt],
  );
  const fetchPage = useCallback((q: TGridQuery) => utils.client.admin.members.list.query(q), [utils]);
  const done = (text: string) => {
    setEditing(null);
    setNotice({ kind: "ok", text });
    setRefreshKey((k) => k + 1);
  };

  async function toggleActive(m: Member) {
    if (m.active && !window.confirm(tu("confirmDeactivate", { email: m.email }))) return;
    try {
      await utils.client.admin.members.change.mutate({ membershipId: m.id, active: !m.active });
      done(tc("saved"));
    } catch (err) {
      setNotice({ kind: "error", text: describeError(err).message });
    }
  }

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="subtitle">{t("subtitle")}</p>
      <div className="toolbar">
        {canWrite && (
          <button className="btn primary" onClick={() => setEditing("new")} data-testid="create">
            {t("new")}
          </button>
        )}
      </div>
      {notice && <div className={`alert ${notice.kind}`} role="status">{notice.text}</div>}
      <DataGrid<Member> columns={columns} fetchPage={fetchPage} refreshKey={refreshKey} onRowActivated={setEditing} emptyText={t("empty")} />
      {editing && (
        <Drawer title={editing === "new" ? t("new") : `${t("edit")}: ${editing.email}`} onClose={() => setEditing(null)}>
          {editing === "new" ? (
            <EntityForm
              fields={inviteFields}
              onSubmit={(v) => utils.client.admin.members.invite.mutate(v as never)}
              onDone={() => done(tu("invited"))}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <>
              <EntityForm
                fields={changeFields}
                initial={editing as unknown as Record<string, unknown>}
                readOnly={!canWrite}
                onSubmit={(v) => utils.client.admin.members.change.mutate({ membershipId: editing.id, ...(v as object) })}
                onDone={() => done(tc("saved"))}
                onCancel={() => setEditing(null)}
              />
              {canWrite && (
                <button className={`btn ${editing.active ? "danger" : ""}`} style={{ marginTop: 16 }} onClick={() => void toggleActive(editing)}>
                  {editing.active ? tu("deactivate") : tu("reactivate")}
                </button>
              )}
            </>
          )}
        </Drawer>
      )}
    </>
  );
}
