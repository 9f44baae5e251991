import { expect, test, type Browser, type Page } from "@playwright/test";
import { queryDatabase } from "./support/database";
import { emailsTo } from "./support/mailbox";
import { enrollAuthenticator, expectNoSession, formAlert, openAccountSettings, signIn, signOut, submitPassword } from "./support/pages";
import { authenticatorCode, codeAfter, currentStep } from "./support/totp";
import { createCompany, createUser, type TestUser } from "./support/users";

// "Help them sign in": an administrator's one-time access code for a staff
// member who lost their phone. Each test has a company of its own.

/** How the portal shows an access code: two groups of four from the look-alike-free alphabet. */
const ACCESS_CODE = /^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/;

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Turns on an authenticator and returns its setup key and the step of the code it confirmed (a step-up needs a later one). */
async function withAuthenticator(page: Page, user: TestUser): Promise<{ secret: string; step: number }> {
  let step = 0;
  const secret = await enrollAuthenticator(page, user, (s) => {
    const now = Date.now();
    step = currentStep(now);
    return authenticatorCode(s, 0, now);
  });
  return { secret, step };
}

/** Name menu -> Company settings -> Staff -> the staff member's page. */
async function openStaffMember(page: Page, admin: TestUser, member: TestUser): Promise<string> {
  await page.getByRole("button", { name: admin.name }).click();
  await page.getByRole("menuitem", { name: "Company settings" }).click();
  await page.getByRole("navigation", { name: "Company settings" }).getByRole("link", { name: "Staff" }).click();
  await page.getByRole("link", { name: member.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: member.name })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

const helpSection = (page: Page) => page.getByRole("region", { name: "Help them sign in" });

test("an administrator gives a staff member who lost their phone an access code; it works once, and they set up MFA again", async ({ page, browser }) => {
  const company = createCompany();
  const admin = createUser({ company: company.slug, role: "admin", name: `Alex ${company.slug}` });
  const bea = createUser({ company: company.slug, name: `Bea ${company.slug}` });

  // Bea has an authenticator, and a browser still signed in (her phone is gone, not her laptop).
  const beaLaptop = await newPage(browser);
  await signIn(beaLaptop, bea);
  await withAuthenticator(beaLaptop, bea);

  // Alex signed in before turning on his authenticator: his session has no second factor yet.
  await signIn(page, admin);
  const alexApp = await withAuthenticator(page, admin);
  await openStaffMember(page, admin, bea);
  const section = helpSection(page);
  await expect(section).toContainText(
    `If ${bea.name} lost their phone, give them a one-time access code. They sign in with their password and enter it instead of a code, then set up MFA again.`,
  );
  await expect(section.getByLabel("Valid for").locator("option")).toHaveText(["10 minutes", "30 minutes", "1 hour", "4 hours", "8 hours", "24 hours"]);
  await expect(section.getByLabel("Valid for")).toHaveValue("60");

  // The reason is required; then his own current code, once.
  await section.getByRole("button", { name: "Create access code" }).click();
  await expect(section.getByText("Say why this person needs a code.")).toBeVisible();
  await section.getByLabel("Reason").fill("Lost phone on the train");
  await section.getByRole("button", { name: "Create access code" }).click();
  await expect(formAlert(page)).toHaveText("Enter a current code from your own authenticator app or email first.");
  await section.getByLabel("Reason").fill("Lost phone on the train");
  await section.getByLabel("Your current code").fill(await codeAfter(alexApp.secret, alexApp.step));
  await section.getByRole("button", { name: "Create access code" }).click();

  // Shown once, with what to do with it.
  const shown = section.getByLabel("Access code");
  await expect(shown).toHaveValue(ACCESS_CODE);
  const code = await shown.inputValue();
  await expect(section).toContainText(`Give this code to ${bea.name} in person or by phone. It works once, until `);
  // This session has now proven a second factor: no code asked next time.
  await expect(section.getByLabel("Your current code")).toHaveCount(0);
  await page.reload();
  await expect(section.getByLabel("Access code")).toHaveCount(0);
  expect(await page.content()).not.toContain(code);
  await expect(section).toContainText(`A code issued by ${admin.name} works until`);

  // Both are told by email; no email carries the code.
  await expect.poll(async () => (await emailsTo(page.context(), bea.email)).filter((t) => t.includes("issued a one-time access code")).length).toBe(1);
  await expect.poll(async () => (await emailsTo(page.context(), admin.email)).filter((t) => t.includes(`You issued a one-time access code for ${bea.name}`)).length).toBe(1);
  for (const to of [bea.email, admin.email]) {
    for (const text of await emailsTo(page.context(), to)) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(code.replace("-", ""));
    }
  }
  const [stored] = await queryDatabase<{ codeHash: string; reason: string }>(
    `SELECT c."codeHash", c.reason FROM "MfaAccessCode" c JOIN "User" u ON u.id = c."userId" WHERE u.email = $1`,
    [bea.email],
  );
  expect(stored!.reason).toBe("Lost phone on the train");
  expect(stored!.codeHash).not.toContain(code.replace("-", ""));

  // Bea, on a new phone's browser: password, then the code in place of a one-time password.
  const beaPhone = await newPage(browser);
  await submitPassword(beaPhone, bea);
  await expect(beaPhone.getByRole("heading", { name: "Enter your one-time password" })).toBeVisible();
  await beaPhone.getByRole("button", { name: "Use a code from your administrator" }).click();
  await beaPhone.getByLabel("Access code").fill(code.toLowerCase().replace("-", " "));
  await beaPhone.getByRole("button", { name: "Verify" }).click();

  // Straight to the MFA section, with MFA off, to set it up again; her laptop was signed out.
  await expect(beaPhone).toHaveURL(/\/settings\/account/);
  const mfa = beaPhone.getByRole("region", { name: "Multi-factor Authentication" });
  await expect(mfa.getByText("Current method: None.")).toBeVisible();
  await expectNoSession(beaLaptop.context());
  await expect(beaPhone.getByRole("region", { name: "Recent security activity" })).toContainText(`MFA access code used by ${bea.name} (issued by ${admin.name})`);
  await expect(beaPhone.getByRole("region", { name: "Recent security activity" })).toContainText(`MFA access code issued by ${admin.name} for ${bea.name}: Lost phone on the train`);
  await expect.poll(async () => (await emailsTo(page.context(), admin.email)).filter((t) => t.includes(`${bea.name} signed in`)).length).toBe(1);

  // The administrator's activity and the audit log say the same.
  await openAccountSettings(page, admin.name);
  const alexActivity = page.getByRole("region", { name: "Recent security activity" });
  await expect(alexActivity).toContainText(`MFA access code issued by ${admin.name} for ${bea.name}: Lost phone on the train`);
  await expect(alexActivity).toContainText(`MFA access code used by ${bea.name} (issued by ${admin.name})`);
  await page.goto("/company/audit");
  await expect(page.getByRole("table")).toContainText(`MFA access code issued by ${admin.name} for ${bea.name}: Lost phone on the train`);
  await expect(page.getByRole("table")).toContainText(`MFA access code used by ${bea.name} (issued by ${admin.name})`);

  // With a new authenticator, the same code no longer works at sign-in.
  await withAuthenticator(beaPhone, bea);
  await signOut(beaPhone, bea.name);
  await submitPassword(beaPhone, bea);
  await beaPhone.getByRole("button", { name: "Use a code from your administrator" }).click();
  await beaPhone.getByLabel("Access code").fill(code);
  await beaPhone.getByRole("button", { name: "Verify" }).click();
  await expect(formAlert(beaPhone)).toHaveText("That code didn't work. Check it and try again.");
  await expect(beaPhone).toHaveURL(/\/login\/verify/);
});

test("nothing to recover for a staff member without MFA, and no section on one's own page", async ({ page }) => {
  const company = createCompany();
  const admin = createUser({ company: company.slug, role: "admin", name: `Alex ${company.slug}` });
  const cara = createUser({ company: company.slug, name: `Cara ${company.slug}` });
  await signIn(page, admin);
  await withAuthenticator(page, admin);
  await openStaffMember(page, admin, cara);
  await expect(helpSection(page)).toContainText(`${cara.name} doesn't use multi-factor authentication, so there is nothing to recover: they sign in with their password.`);
  await expect(helpSection(page).getByRole("button", { name: "Create access code" })).toHaveCount(0);

  await openStaffMember(page, admin, admin);
  await expect(page.getByRole("heading", { name: "Role" })).toBeVisible();
  await expect(helpSection(page)).toHaveCount(0);
});

test("a staff member gets 404 on a colleague's page, and an administrator of another company gets 404 for them", async ({ page, browser }) => {
  const company = createCompany();
  const admin = createUser({ company: company.slug, role: "admin", name: `Alex ${company.slug}` });
  const bea = createUser({ company: company.slug, name: `Bea ${company.slug}` });
  const dan = createUser({ company: company.slug, name: `Dan ${company.slug}` });
  const [beaRow] = await queryDatabase<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [bea.email]);
  const beaPath = `/company/staff/${beaRow!.id}`;

  // Alex sees the section for Bea.
  await signIn(page, admin);
  expect((await page.goto(beaPath))?.status()).toBe(200);
  await expect(helpSection(page)).toBeVisible();

  // Dan, staff of the same company: not found.
  const staff = await newPage(browser);
  await signIn(staff, dan);
  expect((await staff.goto(beaPath))?.status()).toBe(404);
  await expect(staff.getByText("Help them sign in")).toHaveCount(0);

  // Gina, administrator of another company: not found either.
  const other = createCompany({ name: "Globex Test" });
  const gina = createUser({ company: other.slug, role: "admin", name: `Gina ${other.slug}`, domain: `${other.slug}.test` });
  const otherAdmin = await newPage(browser);
  await signIn(otherAdmin, gina);
  expect((await otherAdmin.goto(beaPath))?.status()).toBe(404);
  await expect(otherAdmin.getByText("Help them sign in")).toHaveCount(0);
});
