import { notFound } from "next/navigation";
import { MasterDataPage } from "@/components/masterdata/MasterDataPage.tsx";
import { ENTITIES, type EntityName } from "@/components/masterdata/entities.ts";

export default async function Page({ params }: { params: Promise<{ entity: string }> }) {
  const { entity } = await params;
  if (!(ENTITIES as readonly string[]).includes(entity)) notFound();
  return <MasterDataPage entity={entity as EntityName} />;
}
