import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { serverCaller } from "@/trpc/server.ts";
import { AppShell } from "@/components/ui/AppShell.tsx";
import { MeProvider } from "@/components/session/MeContext.tsx";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const me = await (await serverCaller()).session.me();
  if (!me) redirect("/signin");
  if (!me.current) {
    const t = await getTranslations("common");
    return (
      <main className="signin">
        <div className="box">
          <h1>{t("notMemberTitle")}</h1>
          <p>{t("notMemberBody")}</p>
        </div>
      </main>
    );
  }
  return (
    <MeProvider me={me}>
      <AppShell>{children}</AppShell>
    </MeProvider>
  );
}
