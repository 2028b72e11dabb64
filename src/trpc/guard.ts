/** Server-side page guard: the same role → permission map as the procedures. */
import { can, type Permission, type Role } from "../schemas/roles.ts";
import { serverCaller } from "./server.ts";

export async function pageAccess(permission: Permission): Promise<{ allowed: boolean; role: Role | null }> {
  const me = await (await serverCaller()).session.me();
  const role = me?.current?.role ?? null;
  return { allowed: can(role, permission), role };
}
