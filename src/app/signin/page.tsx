import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/server/auth/options.ts";
import { env, oidcEnabled } from "@/env.ts";
import { SignInForm } from "./SignInForm.tsx";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  const session = await getServerSession(authOptions);
  const { error, callbackUrl } = await searchParams;
  const safeCallback = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  if (session) redirect(safeCallback);
  return <SignInForm error={error ?? null} callbackUrl={safeCallback} sso={oidcEnabled ? env.OIDC_DISPLAY_NAME : null} />;
}
