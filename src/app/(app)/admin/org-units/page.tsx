import { MasterDataPage } from "@/components/masterdata/MasterDataPage.tsx";
import { Forbidden } from "@/components/ui/Forbidden.tsx";
import { pageAccess } from "@/trpc/guard.ts";

export default async function OrgUnitsPage() {
  const access = await pageAccess("orgunits.write");
  if (!access.allowed) return <Forbidden role={access.role ?? "viewer"} />;
  return <MasterDataPage entity="orgUnits" />;
}
