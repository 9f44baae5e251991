// A local OpenID Connect identity provider for the demo and the tests:
// `npm run idp` (port IDP_PORT, default 4000). Static accounts, its own small
// login page, consent granted automatically. Not part of the portal.
import { randomBytes } from "node:crypto";
import http from "node:http";
import Provider, { type Configuration } from "oidc-provider";

const port = Number(process.env.IDP_PORT ?? 4000);
const issuer = process.env.IDP_ISSUER ?? `http://127.0.0.1:${port}`;
const clientId = process.env.SSO_CLIENT_ID ?? "staff-portal";
const clientSecret = process.env.SSO_CLIENT_SECRET ?? "staff-portal-local-secret";
const redirectUris = (
  process.env.IDP_REDIRECT_URIS ??
  [3000, 3200, 3201, 3202].map((p) => `http://localhost:${p}/api/auth/callback/sso`).join(",")
).split(",");

type Account = { sub: string; email: string; name: string; password: string };
const DEMO_PASSWORD = "correct-horse-battery";
const accounts: Account[] = [
  { sub: "idp-sam-0001", email: "sam@globex.test", name: "Sam Lee", password: DEMO_PASSWORD },
  { sub: "idp-ivy-0002", email: "ivy@initech.test", name: "Ivy Chen", password: DEMO_PASSWORD },
  { sub: "idp-alex-0003", email: "alex@acme.test", name: "Alex Morgan", password: DEMO_PASSWORD },
];

const configuration: Configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  async findAccount(_ctx, sub) {
    const account = accounts.find((a) => a.sub === sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      claims: async () => ({ sub, email: account.email, email_verified: true, name: account.name }),
    };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
};

const provider = new Provider(issuer, configuration);
const handleOidc = provider.callback();

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

function loginPage(uid: string, error?: string, email = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Local identity provider</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#eef1f5}
form{background:#fff;padding:1.5rem;border-radius:10px;border:1px solid #ccd;display:flex;flex-direction:column;gap:.6rem;width:320px}
input{font:inherit;padding:.5rem}button{font:inherit;padding:.6rem;background:#333;color:#fff;border:0;border-radius:6px}
.error{color:#b42318}</style></head><body>
<form method="post" action="/interaction/${escape(uid)}/login">
<h1>Local identity provider</h1>
${error ? `<p role="alert" class="error">${escape(error)}</p>` : ""}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="${escape(email)}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", issuer);
    const interaction = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (interaction && req.method === "GET") {
      const details = await provider.interactionDetails(req, res);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(details.uid));
      return;
    }
    if (interaction?.[2] && req.method === "POST") {
      const details = await provider.interactionDetails(req, res);
      const form = await readForm(req);
      const email = (form.get("email") ?? "").trim().toLowerCase();
      const account = accounts.find((a) => a.email === email && a.password === form.get("password"));
      if (!account) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(details.uid, "Incorrect email or password.", email));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    // Test hook: change an account's email at the IdP (its subject stays).
    if (url.pathname === "/admin/change-email" && req.method === "POST" && process.env.IDP_ADMIN === "1") {
      const form = await readForm(req);
      const account = accounts.find((a) => a.email === form.get("from"));
      if (!account || !form.get("to")) {
        res.writeHead(404).end();
        return;
      }
      account.email = form.get("to")!;
      res.writeHead(204).end();
      return;
    }
    handleOidc(req, res);
  } catch (error) {
    res.writeHead(400, { "content-type": "text/plain" }).end(`Identity provider error: ${(error as Error).message}`);
  }
});

server.listen(port, "127.0.0.1", () => {
  console.log(`Local identity provider on ${issuer} (client ${clientId}); accounts: ${accounts.map((a) => a.email).join(", ")}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
