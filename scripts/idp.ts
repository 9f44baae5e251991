// A local OpenID Connect identity provider for the demo and the tests: one
// company's IdP, chosen by IDP_ACCOUNTS ("globex", the default, or "initech").
// `npm run idp` serves Globex's on port 4000; `IDP_ACCOUNTS=initech npm run idp`
// serves Initech's on 4001. Static accounts, its own small login page, consent
// granted automatically. Not part of the portal.
//
// Environment: IDP_ACCOUNTS, IDP_PORT, IDP_ISSUER (default http://127.0.0.1:<port>),
// SSO_CLIENT_ID / SSO_CLIENT_SECRET (the one client it registers; defaults
// match prisma/seed.ts), IDP_REDIRECT_URIS (comma-separated; default the
// portal's callback for this company on port 3000: the E2E suite passes its
// own ports, e2e/support/env.ts) and
// IDP_ADMIN=1 (the tests' hooks below).
import { randomBytes } from "node:crypto";
import http from "node:http";
import Provider, { type Configuration } from "oidc-provider";

type Account = { sub: string; email: string; name: string; password: string };
const DEMO_PASSWORD = "correct-horse-battery";

const PROFILES = {
  globex: {
    port: 4000,
    clientId: "staff-portal",
    clientSecret: "staff-portal-local-secret",
    accounts: [
      { sub: "idp-sam-0001", email: "sam@globex.test", name: "Sam Lee" },
      // Test accounts that the portal must refuse at Globex's IdP: a user of
      // another SSO company (the same subject string as at Initech's IdP, a
      // different issuer) and a user of a password company.
      { sub: "idp-ivy-0002", email: "ivy@initech.test", name: "Ivy Chen" },
      { sub: "idp-alex-0003", email: "alex@acme.test", name: "Alex Morgan" },
    ],
  },
  initech: {
    port: 4001,
    clientId: "staff-portal-initech",
    clientSecret: "initech-local-secret",
    accounts: [{ sub: "idp-ivy-0002", email: "ivy@initech.test", name: "Ivy Chen" }],
  },
} as const;
type ProfileName = keyof typeof PROFILES;

const profileName = process.env.IDP_ACCOUNTS || "globex";
if (!(profileName in PROFILES)) {
  console.error(`IDP_ACCOUNTS must be one of ${Object.keys(PROFILES).join(", ")} (got "${profileName}").`);
  process.exit(1);
}
const profile = PROFILES[profileName as ProfileName];
/** The portal's NextAuth provider for this company's connection (lib/sso/connections.ts providerIdFor). */
const portalProvider = `sso-${profileName}`;

const port = Number(process.env.IDP_PORT || profile.port);
const issuer = process.env.IDP_ISSUER || `http://127.0.0.1:${port}`;
const clientId = process.env.SSO_CLIENT_ID || profile.clientId;
const clientSecret = process.env.SSO_CLIENT_SECRET || profile.clientSecret;
const redirectUris = (
  process.env.IDP_REDIRECT_URIS || `http://localhost:3000/api/auth/callback/${portalProvider}`
)
  .split(",")
  .map((uri) => uri.trim())
  .filter(Boolean);
const adminHooks = process.env.IDP_ADMIN === "1";

const accounts: Account[] = profile.accounts.map((a) => ({ ...a, password: DEMO_PASSWORD }));
const normalEmail = (value: string | null) => (value ?? "").trim().toLowerCase();
const accountByEmail = (email: string) => accounts.find((a) => a.email === email);

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
      // Read at token time: an email changed by the admin hook shows in the next sign-in.
      claims: async () => ({ sub, email: account.email, email_verified: true, name: account.name }),
    };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  // Cookies are scoped by host, not port: two IdPs on 127.0.0.1 keep theirs apart by name.
  cookies: {
    keys: [randomBytes(32).toString("hex")],
    names: { session: `_${profileName}_session`, interaction: `_${profileName}_interaction`, resume: `_${profileName}_interaction_resume` },
  },
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
const companyName = profileName === "initech" ? "Initech" : "Globex";

function loginPage(uid: string, error?: string, email = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · ${companyName} · Local identity provider</title>
<style>body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#eef1f5}
form{background:#fff;padding:1.5rem;border-radius:10px;border:1px solid #ccd;display:flex;flex-direction:column;gap:.6rem;width:320px}
input{font:inherit;padding:.5rem}button{font:inherit;padding:.6rem;background:#333;color:#fff;border:0;border-radius:6px}
.error{color:#b42318}</style></head><body>
<form method="post" action="/interaction/${escape(uid)}/login">
<h1>Local identity provider</h1>
<p>${companyName} accounts</p>
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

/**
 * The tests' hooks (IDP_ADMIN=1 only), as an IdP's administrator would act:
 * POST /admin/change-email (from, to) changes an account's email, its
 * subject staying; POST /admin/accounts (email, name, password, optional sub)
 * adds an account and answers its subject.
 */
async function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<boolean> {
  if (!adminHooks || req.method !== "POST") return false;
  if (pathname === "/admin/change-email") {
    const form = await readForm(req);
    const account = accountByEmail(normalEmail(form.get("from")));
    const to = normalEmail(form.get("to"));
    if (!account || !to) res.writeHead(404).end();
    else if (accountByEmail(to) && accountByEmail(to) !== account) res.writeHead(409).end();
    else {
      account.email = to;
      res.writeHead(204).end();
    }
    return true;
  }
  if (pathname === "/admin/accounts") {
    const form = await readForm(req);
    const email = normalEmail(form.get("email"));
    const sub = form.get("sub") || `idp-${randomBytes(6).toString("hex")}`;
    if (!email) res.writeHead(400).end();
    else if (accountByEmail(email) || accounts.some((a) => a.sub === sub)) res.writeHead(409).end();
    else {
      accounts.push({ sub, email, name: form.get("name") || email, password: form.get("password") || DEMO_PASSWORD });
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ sub }));
    }
    return true;
  }
  return false;
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
      const email = normalEmail(form.get("email"));
      const account = accounts.find((a) => a.email === email && a.password === form.get("password"));
      if (!account) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(details.uid, "Incorrect email or password.", email));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    if (url.pathname.startsWith("/admin/") && (await handleAdmin(req, res, url.pathname))) return;
    handleOidc(req, res);
  } catch (error) {
    res.writeHead(400, { "content-type": "text/plain" }).end(`Identity provider error: ${(error as Error).message}`);
  }
});

server.listen(port, "127.0.0.1", () => {
  console.log(
    `Local identity provider of ${companyName} on ${issuer} (client ${clientId}, redirect ${redirectUris.join(" ")}); accounts: ${accounts.map((a) => a.email).join(", ")}`,
  );
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // A browser's idle keep-alive connections would hold the close open.
    server.closeAllConnections();
  });
}
