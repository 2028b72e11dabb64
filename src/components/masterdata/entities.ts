/**
 * What each master-data page shows: grid columns (ids match the server's sortable/filterable
 * columns) and form fields (names match the zod schemas in src/schemas/masterdata.ts).
 */
import type { ColDef } from "ag-grid-community";
import { LOCATION_TYPES, POLICY_TYPES } from "../../schemas/masterdata.ts";
import type { FieldDef } from "../ui/EntityForm.tsx";

export const ENTITIES = ["items", "locations", "lanes", "boms", "policies"] as const;
/** Master-data entities, plus org units, which admins edit with the same page. */
export type EntityName = (typeof ENTITIES)[number] | "orgUnits";

export interface Options {
  items: { id: string; sku: string; name: string }[];
  locations: { id: string; code: string; name: string; type: string }[];
  orgUnits: { id: string; code: string; name: string }[];
}

export interface Fmt {
  t: (key: string) => string;
  number: (v: unknown, digits?: number) => string;
  money: (v: unknown) => string;
  enumLabel: (group: "locationTypes" | "policyTypes", v: unknown) => string;
}

type Row = Record<string, unknown> & { id: string };
const text = { filter: "agTextColumnFilter" };
const num = { filter: "agNumberColumnFilter", type: "rightAligned" };
const enumFilter = { filter: "agTextColumnFilter", filterParams: { filterOptions: ["equals", "notEqual"], maxNumConditions: 1 } };

export function columnsFor(entity: EntityName, f: Fmt): ColDef<Row>[] {
  const h = (k: string) => f.t(k);
  switch (entity) {
    case "items":
      return [
        { field: "sku", headerName: h("sku"), ...text },
        { field: "name", headerName: h("name"), ...text, flex: 2 },
        { field: "unitCost", headerName: h("unitCost"), ...num, valueFormatter: (p) => f.money(p.value) },
        { field: "price", headerName: h("price"), ...num, valueFormatter: (p) => f.money(p.value) },
        { field: "uom", headerName: h("uom"), ...text },
      ];
    case "locations":
      return [
        { field: "code", headerName: h("code"), ...text },
        { field: "name", headerName: h("name"), ...text, flex: 2 },
        { field: "type", headerName: h("type"), ...enumFilter, valueFormatter: (p) => f.enumLabel("locationTypes", p.value) },
        { field: "orgUnit", headerName: h("orgUnit"), ...text },
      ];
    case "lanes":
      return [
        { field: "from", headerName: h("from"), ...text },
        { field: "to", headerName: h("to"), ...text },
        { field: "leadTimeDays", headerName: h("leadTimeDays"), ...num },
        { field: "transportCostPerUnit", headerName: h("transportCostPerUnit"), ...num, valueFormatter: (p) => f.money(p.value) },
      ];
    case "boms":
      return [
        { field: "parent", headerName: h("parent"), ...text },
        { field: "component", headerName: h("component"), ...text },
        { field: "quantityPer", headerName: h("quantityPer"), ...num, valueFormatter: (p) => f.number(p.value, 6) },
      ];
    case "policies":
      return [
        { field: "item", headerName: h("item"), ...text },
        { field: "location", headerName: h("location"), ...text },
        { field: "policyType", headerName: h("policyType"), ...enumFilter, valueFormatter: (p) => f.enumLabel("policyTypes", p.value) },
        { field: "reorderPoint", headerName: h("reorderPoint"), ...num, valueFormatter: (p) => f.number(p.value) },
        { field: "orderUpTo", headerName: h("orderUpTo"), ...num, valueFormatter: (p) => f.number(p.value) },
        { field: "orderQuantity", headerName: h("orderQuantity"), ...num, valueFormatter: (p) => f.number(p.value) },
        { field: "safetyStock", headerName: h("safetyStock"), ...num, valueFormatter: (p) => f.number(p.value) },
      ];
    case "orgUnits":
      return [
        { field: "code", headerName: h("code"), ...text },
        { field: "name", headerName: h("name"), ...text, flex: 2 },
        { field: "parent", headerName: h("parentId"), ...text },
      ];
  }
}

export function fieldsFor(entity: EntityName, o: Options, f: Fmt): FieldDef[] {
  const items = o.items.map((i) => ({ value: i.id, label: `${i.sku} — ${i.name}` }));
  const locations = o.locations.map((l) => ({ value: l.id, label: `${l.code} — ${l.name}` }));
  switch (entity) {
    case "items":
      return [
        { name: "sku", kind: "text", required: true },
        { name: "name", kind: "text", required: true },
        { name: "unitCost", kind: "decimal", required: true },
        { name: "price", kind: "decimal", required: true },
        { name: "uom", kind: "text" },
      ];
    case "locations":
      return [
        { name: "code", kind: "text", required: true },
        { name: "name", kind: "text", required: true },
        { name: "type", kind: "select", required: true, options: LOCATION_TYPES.map((v) => ({ value: v, label: f.enumLabel("locationTypes", v) })) },
        { name: "orgUnitId", kind: "select", nullable: true, options: o.orgUnits.map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })) },
      ];
    case "lanes":
      return [
        { name: "fromId", kind: "select", required: true, createOnly: true, options: locations },
        { name: "toId", kind: "select", required: true, createOnly: true, options: locations },
        { name: "leadTimeDays", kind: "integer", required: true },
        { name: "transportCostPerUnit", kind: "decimal", required: true },
      ];
    case "boms":
      return [
        { name: "parentItemId", kind: "select", required: true, createOnly: true, options: items },
        { name: "componentItemId", kind: "select", required: true, createOnly: true, options: items },
        { name: "quantityPer", kind: "decimal", required: true },
      ];
    case "policies":
      return [
        { name: "itemId", kind: "select", required: true, createOnly: true, options: items },
        { name: "locationId", kind: "select", required: true, createOnly: true, options: locations },
        { name: "policyType", kind: "select", required: true, options: POLICY_TYPES.map((v) => ({ value: v, label: f.enumLabel("policyTypes", v) })) },
        { name: "reorderPoint", kind: "decimal", nullable: true },
        { name: "orderUpTo", kind: "decimal", nullable: true },
        { name: "orderQuantity", kind: "decimal", nullable: true },
        { name: "reviewPeriodDays", kind: "integer", nullable: true },
        { name: "safetyStock", kind: "decimal", nullable: true },
        { name: "moq", kind: "decimal", nullable: true },
        { name: "orderMultiple", kind: "decimal", nullable: true },
      ];
    case "orgUnits":
      return [
        { name: "code", kind: "text", required: true },
        { name: "name", kind: "text", required: true },
        { name: "parentId", kind: "select", nullable: true, options: o.orgUnits.map((u) => ({ value: u.id, label: `${u.code} — ${u.name}` })) },
      ];
  }
}

/** The column shown as the record's name in confirmations. */
export const LABEL_FIELD: Record<EntityName, string> = {
  items: "sku", locations: "code", lanes: "from", boms: "parent", policies: "item", orgUnits: "code",
};
