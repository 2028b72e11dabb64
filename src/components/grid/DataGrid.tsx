"use client";
/**
 * AG Grid (community) over a paged API: the infinite row model asks for row windows with the
 * user's sort and filters, which the server applies; rows are virtualised, so a table of any
 * size scrolls smoothly. Enter or double-click on a row activates it (edit).
 */
import { AgGridReact } from "ag-grid-react";
import {
  AllCommunityModule, ModuleRegistry, themeQuartz,
  type ColDef, type GridApi, type IDatasource, type IGetRowsParams,
} from "ag-grid-community";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import type { TGridQuery } from "../../schemas/grid.ts";
import { describeError } from "../ui/errors.ts";

ModuleRegistry.registerModules([AllCommunityModule]);

export interface Page<Row> {
  rows: Row[];
  total: number;
}

export interface DataGridProps<Row> {
  columns: ColDef<Row>[];
  fetchPage: (query: TGridQuery) => Promise<Page<Row>>;
  /** Change to make the grid fetch again (after a create, edit or delete). */
  refreshKey?: number;
  onRowActivated?: (row: Row) => void;
  emptyText: string;
  onTotal?: (total: number) => void;
  height?: number;
  testId?: string;
}

const PAGE = 100;

function toQuery(p: IGetRowsParams): TGridQuery {
  const filter: TGridQuery["filter"] = {};
  for (const [colId, f] of Object.entries(p.filterModel ?? {})) {
    const m = f as { filterType?: string; type?: string; filter?: unknown };
    if (m.filterType === "text") filter[colId] = { filterType: "text", type: (m.type ?? "contains") as never, filter: String(m.filter ?? "") };
    if (m.filterType === "number") filter[colId] = { filterType: "number", type: (m.type ?? "equals") as never, filter: Number(m.filter) };
  }
  return {
    startRow: p.startRow,
    endRow: p.endRow,
    sort: p.sortModel.map((s) => ({ colId: s.colId, sort: s.sort as "asc" | "desc" })),
    filter,
  };
}

export function DataGrid<Row extends { id: string }>(props: DataGridProps<Row>) {
  const t = useTranslations("common");
  const apiRef = useRef<GridApi<Row> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetchRef = useRef(props.fetchPage);
  fetchRef.current = props.fetchPage;
  const onTotalRef = useRef(props.onTotal);
  onTotalRef.current = props.onTotal;

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params) {
        fetchRef.current(toQuery(params)).then(
          (page) => {
            setError(null);
            onTotalRef.current?.(page.total);
            params.successCallback(page.rows, page.total);
          },
          (err) => {
            setError(describeError(err).message);
            params.failCallback();
          },
        );
      },
    }),
    [],
  );

  useEffect(() => {
    if (props.refreshKey) apiRef.current?.refreshInfiniteCache();
  }, [props.refreshKey]);

  const defaultColDef = useMemo<ColDef>(
    () => ({ sortable: true, resizable: true, flex: 1, minWidth: 110, filterParams: { maxNumConditions: 1, buttons: ["reset"] } }),
    [],
  );

  const activate = useCallback((row: Row | undefined) => row && props.onRowActivated?.(row), [props]);

  return (
    <div data-testid={props.testId ?? "data-grid"}>
      {error && (
        <div className="alert error" role="alert">
          {error}{" "}
          <button className="btn" onClick={() => apiRef.current?.refreshInfiniteCache()}>
            {t("retry")}
          </button>
        </div>
      )}
      <div className="grid-host" style={{ height: props.height ?? 560 }}>
        <AgGridReact<Row>
          theme={themeQuartz}
          columnDefs={props.columns}
          defaultColDef={defaultColDef}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={PAGE}
          maxBlocksInCache={50}
          getRowId={(p) => p.data.id}
          onGridReady={(e) => {
            apiRef.current = e.api;
          }}
          onRowDoubleClicked={(e) => activate(e.data)}
          onCellKeyDown={(e) => {
            if ((e.event as KeyboardEvent | undefined)?.key === "Enter") activate(e.data ?? undefined);
          }}
          overlayNoRowsTemplate={`<span>${props.emptyText}</span>`}
          overlayLoadingTemplate={`<span>${t("loading")}</span>`}
        />
      </div>
    </div>
  );
}
