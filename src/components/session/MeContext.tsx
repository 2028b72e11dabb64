"use client";
/** The signed-in user's session as the pages need it: tenant, role, permissions, currency. */
import { createContext, useContext, type ReactNode } from "react";
import type { Permission, Role } from "../../schemas/roles.ts";

export interface Me {
  user: { id: string; email: string; name: string; locale: string };
  tenants: { tenantId: string; tenantName: string; role: Role; currency: string }[];
  current: { tenantId: string; tenantName: string; role: Role; currency: string } | null;
  permissions: Permission[];
}

const MeContext = createContext<Me | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside MeProvider");
  return me;
}

export function useCan(permission: Permission): boolean {
  return useMe().permissions.includes(permission);
}
