import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { E2E_ENV, IDP2_URL, IDP_URL, isRemote } from "./env";
import { createCompany, DEMO_PASSWORD } from "./users";

/**
 * The seed's SSO companies and their local identity providers (scripts/idp.ts,
 * started by playwright.config.ts): the button the email-first step shows for
 * their domain, and the provider id of their connection.
 */
export const IDPS = {
  globex: { url: IDP_URL, domain: "globex.test", displayName: E2E_ENV.SSO_NAME, providerId: "sso-globex" },
  initech: { url: IDP2_URL, domain: "initech.test", displayName: "Initech SSO", providerId: "sso-initech" },
} as const;
export type IdpName = keyof typeof IDPS;

/** The seed's identity provider for an email's domain ("ivy@initech.test" -> "initech"). */
export function idpFor(email: string): IdpName {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  const name = (Object.keys(IDPS) as IdpName[]).find((n) => IDPS[n].domain === domain);
  if (!name) throw new Error(`No identity provider of the seed serves ${email}; pass { idp } or use chooseSso.`);
  return name;
}

/** Email first on the portal, then "Sign in with <displayName>" (routing looks at the domain only). */
export async function chooseSso(page: Page, email: string, displayName: string, base = "") {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Email").press("Tab");
  await page.getByRole("button", { name: `Sign in with ${displayName}` }).click();
}

/**
 * Signs in through a company's identity provider as a user would: the
 * portal's email step and its "Sign in with <name>" button, then the IdP's
 * own login form. `email` is typed on the portal, `idpEmail` (default the
 * same) at the IdP; `idp` defaults to the one of `email`'s domain. Returns
 * when the IdP's form is submitted: the caller waits for the outcome.
 */
export async function ssoSignIn(
  page: Page,
  options: { email: string; password?: string; idpEmail?: string; idp?: IdpName; base?: string },
) {
  const idp = IDPS[options.idp ?? idpFor(options.email)];
  await chooseSso(page, options.email, idp.displayName, options.base);
  // The first hop goes through discovery at the IdP: on a loaded 2-core machine it can take longer than the default 10 s.
  await expect(page.getByRole("heading", { name: "Local identity provider" })).toBeVisible({ timeout: 30_000 });
  // The suite's own IdPs are at known addresses; a deployment's (E2E_BASE_URL) are its own.
  if (!isRemote) expect(page.url()).toContain(idp.url);
  await page.getByLabel("Email").fill(options.idpEmail ?? options.email);
  await page.getByLabel("Password").fill(options.password ?? DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function idpAdmin(idp: IdpName, path: string, form: Record<string, string>, expected: number): Promise<Response> {
  const response = await fetch(`${IDPS[idp].url}${path}`, { method: "POST", body: new URLSearchParams(form) });
  if (response.status !== expected) throw new Error(`${idp} IdP ${path} answered ${response.status}, expected ${expected}.`);
  return response;
}

/** Changes an account's email at an identity provider, as its administrator would; the subject stays. */
export async function renameIdpAccount(idp: IdpName, from: string, to: string) {
  await idpAdmin(idp, "/admin/change-email", { from, to }, 204);
}

/** Runs `run` while an IdP account carries another email, then gives it its own back. */
export async function withIdpEmail(idp: IdpName, from: string, to: string, run: () => Promise<void>) {
  await renameIdpAccount(idp, from, to);
  try {
    await run();
  } finally {
    await renameIdpAccount(idp, to, from);
  }
}

/**
 * Adds an account to an identity provider (password DEMO_PASSWORD unless
 * given) and returns its subject: a fresh one unless `sub` is given.
 */
export async function addIdpAccount(idp: IdpName, account: { email: string; name: string; password?: string; sub?: string }): Promise<{ sub: string }> {
  const form = { email: account.email, name: account.name, password: account.password ?? DEMO_PASSWORD, ...(account.sub ? { sub: account.sub } : {}) };
  return (await idpAdmin(idp, "/admin/accounts", form, 201)).json();
}

/**
 * A company of its own that signs in through its own identity provider at
 * `issuer` (e.g. a closed port, for an IdP that is down), routed from the
 * domain `<slug>.test`. Its connection is saved by `npm run sso:connect`,
 * the command administrators use.
 */
export function createSsoCompany(options: { issuer: string; displayName?: string; clientId?: string; clientSecret?: string }) {
  const company = createCompany();
  const domain = `${company.slug}.test`;
  const displayName = options.displayName ?? `${company.name} SSO`;
  const args = ["--company", company.slug, "--issuer", options.issuer, "--client-id", options.clientId ?? "staff-portal"];
  execFileSync("node", ["node_modules/tsx/dist/cli.mjs", "scripts/sso-connect.ts", ...args, "--client-secret-stdin", "--domains", domain, "--name", displayName], {
    // The local identity providers are plain http.
    env: { ...process.env, ...E2E_ENV, SSO_ALLOW_HTTP: "1" },
    input: `${options.clientSecret ?? randomBytes(16).toString("hex")}\n`,
    stdio: "pipe",
  });
  return { ...company, domain, displayName };
}
