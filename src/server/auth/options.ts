/**
 * next-auth: e-mail + password (bcrypt, lockout after repeated failures) and, when configured,
 * a generic OIDC provider for SSO. SSO signs in only users an admin has invited (matched by
 * e-mail); an unknown identity is refused rather than silently provisioned.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env, oidcEnabled } from "../../env.ts";
import { appDb } from "../db/client.ts";
import { logger } from "../logger.ts";
import { userForSso, verifyCredentials } from "../services/session.ts";
import { ZCredentials } from "../../schemas/org.ts";

/** Error codes passed to the sign-in page (?error=...), translated there. */
export const SIGNIN_ERRORS = ["CredentialsSignin", "AccountLocked", "AccessDenied", "OAuthSignin", "OAuthCallback"] as const;

interface OidcProfile {
  sub: string;
  email?: string;
  name?: string;
}

function oidcProvider(): OAuthConfig<OidcProfile> {
  const issuer = env.OIDC_ISSUER!.replace(/\/$/, "");
  return {
    id: "oidc",
    name: env.OIDC_DISPLAY_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    idToken: true,
    checks: ["pkce", "state"],
    authorization: { params: { scope: "openid email profile" } },
    profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? p.email ?? p.sub }),
  };
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const db = await appDb();
        const check = await verifyCredentials(db, parsed.data.email, parsed.data.password, {
          maxFailedLogins: env.AUTH_MAX_FAILED_LOGINS,
          lockoutMinutes: env.AUTH_LOCKOUT_MINUTES,
        });
        if (!check.ok) {
          logger.info({ email: parsed.data.email, reason: check.reason }, "sign-in refused");
          if (check.reason === "locked") throw new Error("AccountLocked");
          return null;
        }
        logger.info({ userId: check.user.id }, "signed in");
        return { id: check.user.id, email: check.user.email, name: check.user.name };
      },
    }),
    ...(oidcEnabled ? [oidcProvider()] : []),
  ],
  callbacks: {
    async signIn({ account, profile, user }) {
      if (account?.provider !== "oidc") return true;
      const email = (profile as OidcProfile | undefined)?.email ?? user.email;
      if (!email) return false;
      const appUser = await userForSso(await appDb(), email);
      if (!appUser) logger.info({ email }, "SSO sign-in refused: no invited user with this e-mail");
      return Boolean(appUser);
    },
    async jwt({ token, account, profile, user }) {
      if (account?.provider === "oidc") {
        const email = (profile as OidcProfile | undefined)?.email ?? user?.email;
        const appUser = email ? await userForSso(await appDb(), email) : null;
        if (appUser) {
          token.uid = appUser.id;
          token.email = appUser.email;
          token.name = appUser.name;
        }
      } else if (user) {
        token.uid = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
      return session;
    },
  },
};
