"use client";
import { useCallback, useMemo, useRef } from "react";

/**
 * The scenario version a collaborative grid has loaded, and the version an edit started from.
 * An edit is checked against the version the user saw when they began typing, not the one that
 * may have arrived while they typed; while a cell is being edited, remote refreshes wait.
 */
export function useEditVersion() {
  const versionRef = useRef(0);
  const editBase = useRef<number | null>(null);
  const editing = useRef(false);
  /** The base version of the edit being saved (consumed: the next edit starts afresh). */
  const takeEditBase = useCallback((): number => {
    const base = editBase.current ?? versionRef.current;
    editBase.current = null;
    return base;
  }, []);
  /** AG Grid handlers that record when editing starts and stops. */
  const editingHandlers = useMemo(
    () => ({
      onCellEditingStarted: () => {
        editing.current = true;
        editBase.current = versionRef.current;
      },
      onCellEditingStopped: () => {
        editing.current = false;
      },
    }),
    [],
  );
  return { versionRef, editing, takeEditBase, editingHandlers };
}
