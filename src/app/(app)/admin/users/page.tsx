import { UsersPage } from "@/components/admin/UsersPage.tsx";
import { Forbidden } from "@/components/ui/Forbidden.tsx";
import { pageAccess } from "@/trpc/guard.ts";

export default async function Page() {
  const access = await pageAccess("users.read");
  if (!access.allowed) return <Forbidden role={access.role ?? "viewer"} />;
  return <UsersPage />;
}
