/** Cookies the app sets itself (next-auth manages its own). */
export const TENANT_COOKIE = "scp_tenant";
export const LOCALE_COOKIE = "NEXT_LOCALE";

export function cookieHeader(name: string, value: string, maxAgeDays = 365): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeDays * 86400}; SameSite=Lax`;
}

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}
