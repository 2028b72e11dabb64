// A real OpenID Connect provider (oidc-provider) on loopback for the SSO end-to-end test.
// Its development login form accepts any login; the login becomes the e-mail claim.
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 3199);
const appUrl = process.env.APP_URL ?? "http://localhost:3100";

const provider = new Provider(`http://localhost:${port}`, {
  clients: [
    {
      client_id: "scp-e2e",
      client_secret: "scp-e2e-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true, name: `SSO ${id}` };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["e2e-cookie-key-not-secret"] },
});
provider.proxy = false;
provider.listen(port, () => console.log(`OIDC provider on http://localhost:${port}`));
