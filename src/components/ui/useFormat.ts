"use client";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo } from "react";
import { useMe } from "../session/MeContext.tsx";

/** Locale-aware number, money (tenant currency) and enum formatting for grids and cards. */
export function useFormat() {
  const format = useFormatter();
  const me = useMe();
  const tFields = useTranslations("fields");
  const tLoc = useTranslations("locationTypes");
  const tPol = useTranslations("policyTypes");
  const currency = me.current?.currency ?? "USD";
  return useMemo(
    () => ({
      t: (k: string) => tFields(k),
      number: (v: unknown, digits = 2) =>
        v === null || v === undefined || v === "" ? "" : format.number(Number(v), { maximumFractionDigits: digits }),
      money: (v: unknown) =>
        v === null || v === undefined || v === "" ? "" : format.number(Number(v), { style: "currency", currency }),
      enumLabel: (group: "locationTypes" | "policyTypes", v: unknown) =>
        v == null ? "" : group === "locationTypes" ? tLoc(String(v)) : tPol(String(v)),
      dateTime: (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" }),
    }),
    [format, currency, tFields, tLoc, tPol],
  );
}
