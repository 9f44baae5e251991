import type { Browser, Page } from "@playwright/test";
import { database, expect, test, type Portal } from "./fixtures";

// "Help them sign in": an administrator's one-time access code for a staff
// member who lost their phone. Each test has a company of its own.

/** How the portal shows an access code: two groups of four from the look-alike-free alphabet. */
const ACCESS_CODE = /^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/;

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

const helpSection = (portal: Portal) => portal.page.getByRole("region", { name: "Help them sign in" });

test("an administrator gives a staff member who lost their phone an access code; it works once, and they set up MFA again", async ({ page, browser, portal, users, totp, mailbox }) => {
  const company = users.createCompany();
  const admin = await users.create({ company: company.slug, role: "admin", name: `Alex ${company.slug}` });
  const bea = await users.create({ company: company.slug, name: `Bea ${company.slug}` });

  // Bea has an authenticator, and a browser still signed in (her phone is gone, not her laptop).
  const beaLaptop = portal.on(await newPage(browser));
  await beaLaptop.signIn(bea);
  await beaLaptop.account.open(bea);
  await beaLaptop.account.turnOnAuthenticator(bea.password, totp);

  // Alex signed in before turning on his authenticator: his session has no second factor yet.
  await portal.signIn(admin);
  await portal.account.open(admin);
  const alexSecret = await portal.account.turnOnAuthenticator(admin.password, totp);
  await portal.company.openStaffMember(admin, bea);
  const section = helpSection(portal);
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
  await expect(portal.alert).toHaveText("Enter a current code from your own authenticator app or email first.");
  await section.getByLabel("Reason").fill("Lost phone on the train");
  await section.getByLabel("Your current code").fill(await totp.next(alexSecret));
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
  const texts = async (to: string) => (await mailbox.emails(to)).map((m) => m.text);
  await expect.poll(async () => (await texts(bea.email)).filter((t) => t.includes("issued a one-time access code")).length).toBe(1);
  await expect.poll(async () => (await texts(admin.email)).filter((t) => t.includes(`You issued a one-time access code for ${bea.name}`)).length).toBe(1);
  for (const to of [bea.email, admin.email]) {
    for (const text of await texts(to)) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(code.replace("-", ""));
    }
  }
  const [stored] = await database.query<{ codeHash: string; reason: string }>(
    `SELECT c."codeHash", c.reason FROM "MfaAccessCode" c JOIN "User" u ON u.id = c."userId" WHERE u.email = $1`,
    [bea.email],
  );
  expect(stored!.reason).toBe("Lost phone on the train");
  expect(stored!.codeHash).not.toContain(code.replace("-", ""));

  // Bea, on a new phone's browser: password, then the code in place of a one-time password.
  const beaPhone = portal.on(await newPage(browser));
  await beaPhone.login.submit(bea);
  await beaPhone.otp.submitAccessCode(code.toLowerCase().replace("-", " "));

  // Straight to the MFA section, with MFA off, to set it up again; her laptop was signed out.
  await expect(beaPhone.page).toHaveURL(/\/settings\/account/);
  await beaPhone.account.expectMethod("None");
  await beaLaptop.expectNoSession();
  await expect(beaPhone.account.activity).toContainText(`MFA access code used by ${bea.name} (issued by ${admin.name})`);
  await expect(beaPhone.account.activity).toContainText(`MFA access code issued by ${admin.name} for ${bea.name}: Lost phone on the train`);
  await expect.poll(async () => (await texts(admin.email)).filter((t) => t.includes(`${bea.name} signed in`)).length).toBe(1);

  // The administrator's activity and the audit log say the same.
  await portal.account.open(admin);
  await expect(portal.account.activity).toContainText(`MFA access code issued by ${admin.name} for ${bea.name}: Lost phone on the train`);
  await expect(portal.account.activity).toContainText(`MFA access code used by ${bea.name} (issued by ${admin.name})`);
  await page.goto("/company/audit");
  await expect(page.getByRole("table")).toContainText(`MFA access code issued by ${admin.name} for ${bea.name}: Lost phone on the train`);
  await expect(page.getByRole("table")).toContainText(`MFA access code used by ${bea.name} (issued by ${admin.name})`);

  // With a new authenticator, the same code no longer works at sign-in.
  await beaPhone.account.open(bea);
  await beaPhone.account.turnOnAuthenticator(bea.password, totp);
  await beaPhone.signOut(bea);
  await beaPhone.login.submit(bea);
  await beaPhone.otp.submitAccessCode(code);
  await expect(beaPhone.alert).toHaveText("That code didn't work. Check it and try again.");
  await expect(beaPhone.page).toHaveURL(/\/login\/verify/);
});

test("nothing to recover for a staff member without MFA, and no section on one's own page", async ({ page, portal, users, totp }) => {
  const company = users.createCompany();
  const admin = await users.create({ company: company.slug, role: "admin", name: `Alex ${company.slug}` });
  const cara = await users.create({ company: company.slug, name: `Cara ${company.slug}` });
  await portal.signIn(admin);
  await portal.account.open(admin);
  await portal.account.turnOnAuthenticator(admin.password, totp);
  await portal.company.openStaffMember(admin, cara);
  await expect(helpSection(portal)).toContainText(`${cara.name} doesn't use multi-factor authentication, so there is nothing to recover: they sign in with their password.`);
  await expect(helpSection(portal).getByRole("button", { name: "Create access code" })).toHaveCount(0);

  await portal.company.openStaffMember(admin, admin);
  await expect(page.getByRole("heading", { name: "Role" })).toBeVisible();
  await expect(helpSection(portal)).toHaveCount(0);
});

test("a staff member gets 404 on a colleague's page, and an administrator of another company gets 404 for them", async ({ page, browser, portal, users }) => {
  const company = users.createCompany();
  const admin = await users.create({ company: company.slug, role: "admin", name: `Alex ${company.slug}` });
  const bea = await users.create({ company: company.slug, name: `Bea ${company.slug}` });
  const dan = await users.create({ company: company.slug, name: `Dan ${company.slug}` });
  const beaPath = `/company/staff/${bea.id}`;

  // Alex sees the section for Bea.
  await portal.signIn(admin);
  expect((await page.goto(beaPath))?.status()).toBe(200);
  await expect(helpSection(portal)).toBeVisible();

  // Dan, staff of the same company: not found.
  const staff = portal.on(await newPage(browser));
  await staff.signIn(dan);
  expect((await staff.page.goto(beaPath))?.status()).toBe(404);
  await expect(staff.page.getByText("Help them sign in")).toHaveCount(0);

  // Gina, administrator of another company: not found either.
  const other = users.createCompany({ name: "Globex Test" });
  const gina = await users.create({ company: other.slug, role: "admin", name: `Gina ${other.slug}`, domain: `${other.slug}.test` });
  const otherAdmin = portal.on(await newPage(browser));
  await otherAdmin.signIn(gina);
  expect((await otherAdmin.page.goto(beaPath))?.status()).toBe(404);
  await expect(otherAdmin.page.getByText("Help them sign in")).toHaveCount(0);
});
