"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, type ReactNode } from "react";
import { trpc } from "../../trpc/react.tsx";
import { useCan, useMe } from "../session/MeContext.tsx";
import type { Permission } from "../../schemas/roles.ts";

const NAV: { section?: string; href: string; key: string; permission: Permission }[] = [
  { href: "/", key: "dashboard", permission: "dashboard.read" },
  { href: "/scenarios", key: "scenarios", permission: "scenarios.read" },
  { href: "/executive", key: "executive", permission: "scenarios.read" },
  { href: "/runs", key: "runs", permission: "runs.read" },
  { href: "/forecast", key: "forecast", permission: "runs.read" },
  { href: "/inventory", key: "inventory", permission: "runs.read" },
  { section: "masterdata", href: "/masterdata/items", key: "items", permission: "masterdata.read" },
  { href: "/masterdata/locations", key: "locations", permission: "masterdata.read" },
  { href: "/masterdata/lanes", key: "lanes", permission: "masterdata.read" },
  { href: "/masterdata/boms", key: "boms", permission: "masterdata.read" },
  { href: "/masterdata/policies", key: "policies", permission: "masterdata.read" },
  { section: "admin", href: "/admin/org-units", key: "orgUnits", permission: "orgunits.write" },
  { href: "/admin/users", key: "users", permission: "users.read" },
  { href: "/admin/audit", key: "audit", permission: "audit.read" },
];

function NavLink({ href, label, permission }: { href: string; label: string; permission: Permission }) {
  const pathname = usePathname();
  const allowed = useCan(permission);
  if (!allowed) return null;
  const active = href === "/" ? pathname === "/" : pathname.startsWith(href);
  return (
    <Link href={href} aria-current={active ? "page" : undefined}>
      {label}
    </Link>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const t = useTranslations("nav");
  const tRoles = useTranslations("roles");
  const tApp = useTranslations("app");
  const me = useMe();
  const router = useRouter();
  const locale = useLocale();
  const switchTenant = trpc.session.switchTenant.useMutation({ onSuccess: () => window.location.assign("/") });
  const setLocale = trpc.session.setLocale.useMutation({ onSuccess: () => router.refresh() });

  // The user's saved language wins over the browser's on their first page after sign-in.
  useEffect(() => {
    if (me.user.locale !== locale && (me.user.locale === "en" || me.user.locale === "ja")) {
      setLocale.mutate({ locale: me.user.locale });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const canAdmin = (["orgunits.write", "users.read", "audit.read"] as const).some((p) => me.permissions.includes(p));
  return (
    <div className="shell">
      <a className="skip" href="#content">{t("skipToContent")}</a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">{tApp("name")}</div>
        {NAV.map((n) => (
          <div key={n.href}>
            {n.section && (n.section !== "admin" || canAdmin) && <div className="section">{t(n.section)}</div>}
            <NavLink href={n.href} label={t(n.key)} permission={n.permission} />
          </div>
        ))}
      </nav>
      <div className="main">
        <header className="topbar">
          <label>
            {t("tenant")}
            <select
              aria-label={t("tenant")}
              value={me.current?.tenantId}
              onChange={(e) => switchTenant.mutate({ tenantId: e.target.value })}
              data-testid="tenant-switcher"
            >
              {me.tenants.map((tn) => (
                <option key={tn.tenantId} value={tn.tenantId}>
                  {tn.tenantName}
                </option>
              ))}
            </select>
          </label>
          <span className="badge" data-testid="current-role">{t("role", { role: tRoles(me.current!.role) })}</span>
          <span className="spacer" />
          <label>
            {t("language")}
            <select
              aria-label={t("language")}
              value={locale}
              onChange={(e) => setLocale.mutate({ locale: e.target.value as "en" | "ja" })}
              data-testid="locale-switcher"
            >
              <option value="en">English</option>
              <option value="ja">日本語</option>
            </select>
          </label>
          <span title={me.user.email}>{me.user.name}</span>
          <button className="btn" onClick={() => signOut({ callbackUrl: "/signin" })}>
            {t("signOut")}
          </button>
        </header>
        <main id="content" className="content">
          {children}
        </main>
      </div>
    </div>
  );
}
