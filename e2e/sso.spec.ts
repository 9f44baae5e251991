import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import type pg from "pg";
import { expect, replayAction, seed, skipIfRemote, test } from "./fixtures";

/** Why the tests tagged @local are skipped against a deployment (E2E_BASE_URL). */
const IDP_REASON = "needs the suite's own identity providers: their addresses, test accounts and admin hooks, and connections sealed with the suite's keys";

// The accounts at the local identity providers are shared state (tests
// change emails there) and Ivy's first sign-in links her, so these run one
// after another, in this order.
test.describe.configure({ mode: "serial" });

const SSO_REFUSED = "Your account can't use single sign-on. Contact your administrator.";
/** An address that is nobody's, at a domain. */
const nobodyAt = (domain: string) => `nobody-${randomBytes(4).toString("hex")}@${domain}`;

/** The user's single sign-on link: the issuer and subject stored at the first SSO sign-in. */
async function ssoLinkOf(db: pg.Pool, email: string) {
  const { rows } = await db.query<{ ssoIssuer: string | null; ssoSubject: string | null }>(`SELECT "ssoIssuer", "ssoSubject" FROM "User" WHERE email = $1`, [email]);
  return rows;
}

test("Sam signs in through Globex's identity provider and lands on the portal; settings are managed by his company @local", { tag: ["@seed:sso-no-mfa"] }, async ({ page, portal, sso, idps, portalDatabase }) => {
  skipIfRemote(IDP_REASON);
  await sso.signIn("globex", { email: seed.sam.email });
  await portal.expectHome(seed.sam);
  await expect(page.getByText(seed.sam.company)).toBeVisible();
  expect(await ssoLinkOf(portalDatabase, seed.sam.email)).toEqual([{ ssoIssuer: idps.url("globex"), ssoSubject: "idp-sam-0001" }]);
  await portal.account.open(seed.sam);
  const mfa = page.getByRole("region", { name: "Multi-factor Authentication" });
  await expect(mfa).toContainText(
    "Your company signs in with single sign-on, so multi-factor authentication is managed by your company's IT team.",
  );
  await expect(page.getByLabel("MFA option")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Change password" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Recent security activity" })).toContainText("Signed in with single sign-on");
});

test("Sam's password is refused, whatever is posted", async ({ page, portal }) => {
  await portal.login.open();
  await page.getByLabel("Email").fill(seed.alex.email);
  await page.getByLabel("Password").fill(seed.password);
  const recorded = page.waitForRequest((r) => !!r.headers()["next-action"] && (r.postData() ?? "").includes("password"));
  await page.getByRole("button", { name: "Sign in" }).click();
  const request = await recorded;
  await portal.expectSignedIn(seed.alex);
  await page.context().clearCookies();
  const response = await page.request.post("/login", {
    headers: { "next-action": request.headers()["next-action"]!, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: JSON.stringify([{ email: seed.sam.email, password: seed.password, callbackUrl: "/" }]),
  });
  expect(await response.text()).toContain("SSO_REQUIRED");
  await portal.expectNoSession();
});

test("Initech's identity provider renaming Ivy to a Globex user's email is refused and links nothing @local", async ({ page, portal, users, sso, idps, portalDatabase }) => {
  skipIfRemote(IDP_REASON);
  // Before Ivy's first sign-in: her subject is linked to no one yet, so only her new email could match.
  // (Once linked, her subject alone reaches her own account, whatever email her IdP sends.)
  expect(await ssoLinkOf(portalDatabase, seed.ivy.email)).toEqual([{ ssoIssuer: null, ssoSubject: null }]);
  const gina = await users.create({ company: "globex", domain: "globex.test", name: "Gina Globex" });
  await idps.withEmail("initech", seed.ivy.email, gina.email, async () => {
    await sso.signIn("initech", { email: seed.ivy.email, idpEmail: gina.email });
    await expect(page).toHaveURL(/\/login\?error=AccessDenied/);
    await expect(portal.alert).toHaveText(SSO_REFUSED);
  });
  await portal.expectNoSession();
  expect(await ssoLinkOf(portalDatabase, gina.email)).toEqual([{ ssoIssuer: null, ssoSubject: null }]);
  const holders = await portalDatabase.query(`SELECT email FROM "User" WHERE "ssoSubject" = 'idp-ivy-0002' AND email <> 'ivy@initech.test'`);
  expect(holders.rows).toEqual([]);
});

test("Ivy signs in through Initech's identity provider and lands on the portal @local", async ({ portal, sso, idps, portalDatabase }) => {
  skipIfRemote(IDP_REASON);
  await sso.signIn("initech", { email: seed.ivy.email });
  await portal.expectHome(seed.ivy);
  expect(await ssoLinkOf(portalDatabase, seed.ivy.email)).toEqual([{ ssoIssuer: idps.url("initech"), ssoSubject: "idp-ivy-0002" }]);
});

test("Globex's identity provider cannot reach Ivy, even with the subject that Initech's gave her @local", async ({ page, portal, sso, idps, portalDatabase }) => {
  skipIfRemote(IDP_REASON);
  // Globex's IdP has an account ivy@initech.test with the subject idp-ivy-0002: same subject, another issuer.
  await sso.signIn("globex", { email: seed.sam.email, idpEmail: seed.ivy.email });
  await expect(page).toHaveURL(/\/login\?error=AccessDenied/);
  await expect(portal.alert).toHaveText(SSO_REFUSED);
  await portal.expectNoSession();
  expect(await ssoLinkOf(portalDatabase, seed.ivy.email)).toEqual([{ ssoIssuer: idps.url("initech"), ssoSubject: "idp-ivy-0002" }]);
});

test("an IdP account that is not one of our users is refused with a clear page @local", async ({ page, portal, sso, idps, portalDatabase }) => {
  skipIfRemote(IDP_REASON);
  const stranger = nobodyAt(seed.sso.globex.domain);
  await idps.addAccount("globex", { email: stranger, name: "Stranger" });
  await sso.signIn("globex", { email: stranger });
  await expect(page).toHaveURL(/\/login\?error=AccessDenied/);
  await expect(portal.alert).toHaveText(SSO_REFUSED);
  await portal.expectNoSession();
  expect((await portalDatabase.query(`SELECT id FROM "User" WHERE email = $1`, [stranger])).rows).toEqual([]);
});

test("a user of a password company who goes through SSO is refused @local", async ({ portal, sso, portalDatabase }) => {
  skipIfRemote(IDP_REASON);
  await sso.signIn("globex", { email: seed.sam.email, idpEmail: seed.alex.email });
  await expect(portal.alert).toHaveText(SSO_REFUSED);
  await portal.expectNoSession();
  expect(await ssoLinkOf(portalDatabase, seed.alex.email)).toEqual([{ ssoIssuer: null, ssoSubject: null }]);
});

test("a replayed callback is refused and creates nothing @local", async ({ page, portal, sso, idps, browsers }) => {
  skipIfRemote(IDP_REASON);
  const callback = page.waitForRequest((r) => r.url().includes(`/api/auth/callback/${idps.providerId("globex")}`));
  await sso.signIn("globex", { email: seed.sam.email });
  const callbackUrl = (await callback).url();
  await portal.expectHome(seed.sam);

  // The same code and state in another browser: no state cookie, a used code.
  const other = await browsers.open();
  await other.page.goto(callbackUrl);
  await expect(other.page).toHaveURL(/\/login\?error=/);
  await expect(other.portal.login.heading).toBeVisible();
  await other.portal.expectNoSession();
  // A tampered state in the first browser is refused too.
  const tampered = new URL(callbackUrl);
  tampered.searchParams.set("state", "tampered-state");
  await other.page.goto(tampered.toString());
  await expect(other.page).toHaveURL(/\/login\?error=/);
  await other.portal.expectNoSession();
});

test("a company's identity provider down: a clear message on /login @local", async ({ page, portal, idps, baseURL }) => {
  skipIfRemote(IDP_REASON);
  // Its connection points at a closed port.
  const company = idps.connectCompany({ issuer: "http://127.0.0.1:9" });
  await idps.choose(page, `someone@${company.domain}`, company.displayName);
  await expect(portal.alert).toHaveText("Single sign-on is unavailable right now. Try again in a few minutes.");
  await expect(page).toHaveURL(new RegExp(`^${baseURL}/login`));
  await portal.expectNoSession();
});

test("after the IdP changes Sam's email, SSO still reaches Sam's account (matched on the subject) @local", async ({ portal, sso, idps }) => {
  skipIfRemote(IDP_REASON);
  // The first test linked Sam's subject; now his email at the IdP changes.
  await idps.withEmail("globex", seed.sam.email, "samuel.lee@globex.test", async () => {
    await sso.signIn("globex", { email: seed.sam.email, idpEmail: "samuel.lee@globex.test" });
    await portal.expectHome(seed.sam);
  });
});

test.describe("email first", () => {
  /** What the email step answers for an address: the server's reply and the page it leaves. */
  async function emailStep(page: Page, email: string) {
    await page.goto("/login");
    const lookup = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Email").press("Tab");
    const recorded = await lookup;
    await expect(page.getByLabel("Password")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Sign in with/ })).toHaveCount(0);
    // The server's own answer, asked again directly (a response body the page already consumed is not always kept by the browser).
    const reply = (await (await replayAction(page.request, recorded, page.url(), [email])).text()).replaceAll(email, "<email>");
    return { reply, text: await page.getByRole("main").innerText() };
  }

  test("a password company's address gets the same answer whether or not it is a user", async ({ page }) => {
    const existing = await emailStep(page, seed.bea.email);
    const unknown = await emailStep(page, nobodyAt("acme.test"));
    expect(unknown).toEqual(existing);
  });

  test("an SSO company's domain is offered its own identity provider, even for an address that is not a user", async ({ page }) => {
    for (const idp of Object.values(seed.sso)) {
      await page.goto("/login");
      await page.getByLabel("Email").fill(nobodyAt(idp.domain));
      await page.getByLabel("Email").press("Tab");
      await expect(page.getByRole("button", { name: `Sign in with ${idp.displayName}` })).toBeVisible();
      await expect(page.getByRole("button", { name: /^Sign in with/ })).toHaveCount(1);
      await expect(page.getByLabel("Password")).toHaveCount(0);
    }
  });
});

test("an administrator of an SSO company: sign-in security is managed by the identity provider, no policy and no MFA columns @local", async ({ page, portal, sso, portalDatabase }) => {
  skipIfRemote(IDP_REASON);
  // The seed has no administrator at Globex; the first one of a company is made outside the portal (as user:create --role admin would).
  await portalDatabase.query(`UPDATE "User" SET role = 'ADMIN' WHERE email = 'sam@globex.test'`);
  try {
    await sso.signIn("globex", { email: seed.sam.email });
    await portal.expectHome(seed.sam);
    await page.getByRole("button", { name: "Sam Lee" }).click();
    await page.getByRole("menuitem", { name: "Company settings" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
    await expect(page.getByRole("main").getByText("Sign-in security is managed by your identity provider.")).toBeVisible();
    await expect(page.getByRole("columnheader")).toHaveText(["Name", "Email", "Role", "Last sign-in"]);
    await expect(page.getByLabel("MFA status")).toHaveCount(0);
    await page.getByRole("navigation", { name: "Company settings" }).getByRole("link", { name: "Sign-in security" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sign-in security" })).toBeVisible();
    await expect(page.getByRole("main").getByText("Sign-in security is managed by your identity provider.")).toBeVisible();
    await expect(page.getByLabel("Days to set it up")).toHaveCount(0);
  } finally {
    await portalDatabase.query(`UPDATE "User" SET role = 'STAFF' WHERE email = 'sam@globex.test'`);
  }
});
