"use client";
import type { ReactNode } from "react";

/** An error banner with one action (dismiss, retry): a grid's save conflicts, refused edits and load errors. */
export function ErrorAlert({ title, children, actionLabel, onAction, testId }: {
  title?: string;
  children: ReactNode;
  actionLabel: string;
  onAction: () => void;
  testId?: string;
}) {
  return (
    <div className="alert error" role="alert" data-testid={testId}>
      {title && <><strong>{title}</strong>{" "}</>}
      {children}{" "}
      <button className="btn" onClick={onAction}>{actionLabel}</button>
    </div>
  );
}

/** Why a grid cannot be edited: the user's role, or the scenario's status (already translated). */
export function ReadOnlyNotice({ message, testId }: { message: string; testId: string }) {
  return <div className="alert info" data-testid={testId}>{message}</div>;
}
