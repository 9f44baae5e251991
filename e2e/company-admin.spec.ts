import { readFileSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { database, expect, recordAction, replayAction, test, type Person, type Portal, type Totp, type Users } from "./fixtures";

// Each test has a company of its own: a policy set here never reaches the
// users of tests running beside it.

const DAY = 24 * 60 * 60 * 1000;
const ukDay = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/London" });
const isoDay = (d: Date) => d.toLocaleDateString("en-CA", { timeZone: "Europe/London" });

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** An administrator of a new company, signed in, who then turns on an authenticator in Account settings (as the policy needs). */
async function companyWithAdmin(portal: Portal, users: Users, totp: Totp) {
  const company = users.createCompany();
  const admin = await users.create({ company: company.slug, role: "admin", name: `Alex ${company.slug}` });
  await portal.signIn(admin);
  await portal.account.open(admin);
  await portal.account.turnOnAuthenticator(admin.password, totp);
  return { company, admin };
}

test("0 days and Authenticator app only: the staff member's next sign-in can do nothing but set up the authenticator", { tag: ["@promise:policy-blocks-after-deadline"] }, async ({ page, browser, portal, users, totp }) => {
  const { company, admin } = await companyWithAdmin(portal, users, totp);
  const bea = await users.create({ company: company.slug, name: "Bea Staff" });

  await portal.company.savePolicy(admin, { required: "On", days: 0, allowed: "Authenticator app only" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");

  const staff = portal.on(await newPage(browser));
  await staff.login.submit(bea);
  const message = `${company.name} requires multi-factor authentication. Set it up to continue.`;
  await expect(staff.page.getByRole("heading", { name: "Account settings" })).toBeVisible();
  await expect(staff.page.getByRole("alert").filter({ hasText: message })).toBeVisible();
  expect(new URL(staff.page.url()).pathname).toBe("/settings/account");
  // Every other page leads back here; only the MFA section is on it.
  for (const path of ["/", "/settings/details", "/company/staff"]) {
    await staff.page.goto(path);
    await expect(staff.page).toHaveURL(/\/settings\/account$/);
  }
  await expect(staff.page.getByRole("heading", { name: "Change password" })).toHaveCount(0);
  await expect(staff.page.getByRole("heading", { name: "Active sessions" })).toHaveCount(0);
  await expect(staff.account.mfa.getByLabel("MFA option").locator("option")).toHaveText(["Authenticator"]);

  await staff.account.chooseMfa("Authenticator", bea.password);
  const secret = await staff.account.setupKey();
  await staff.account.confirmAuthenticator(totp.now(secret));
  await staff.account.expectMethod("Authenticator");
  await staff.page.goto("/");
  await staff.expectHome(bea);
  await expect(staff.page.getByRole("alert").filter({ hasText: "requires multi-factor authentication" })).toHaveCount(0);

  // The audit log has the policy change and Bea's new authenticator.
  await portal.company.open(admin, "Audit log");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toContainText("Turned on multi-factor authentication (Authenticator)");
  await expect(rows.nth(1)).toContainText("Bea Staff");
  await expect(rows.nth(2)).toContainText("Changed sign-in security from requirement Off, 14 days, Authenticator app or email to requirement On, 0 days, Authenticator app only");
  await expect(rows.nth(2)).toContainText(admin.email);
});

test("14 days: a banner with the date and the days left on every page, and None is no longer offered", async ({ page, browser, portal, users, totp, mailbox }) => {
  const { company, admin } = await companyWithAdmin(portal, users, totp);
  const bea = await users.create({ company: company.slug });
  await portal.company.savePolicy(admin, { required: "On", days: 14, allowed: "Authenticator app or email" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  const deadline = ukDay(new Date(Date.now() + 14 * DAY));

  const staff = portal.on(await newPage(browser));
  await staff.signIn(bea);
  const banner = staff.page.getByRole("status").filter({ hasText: "requires multi-factor authentication" });
  await expect(banner).toHaveText(`${company.name} requires multi-factor authentication. Set it up by ${deadline} (14 days left). Set up multi-factor authentication`);
  await staff.page.goto("/settings/details");
  await expect(banner).toBeVisible();
  await banner.getByRole("link", { name: "Set up multi-factor authentication" }).click();
  await expect(staff.page.getByRole("heading", { name: "Account settings" })).toBeVisible();
  // Before the deadline the rest of the portal stays open: the password form is here too.
  await expect(staff.page.getByRole("heading", { name: "Change password" })).toBeVisible();
  await expect(staff.account.mfa.getByLabel("MFA option").locator("option")).toHaveText(["Authenticator", "Email"]);

  // One email, through the queue, with the same date.
  const texts = async () => (await mailbox.emails(bea.email)).map((m) => m.text);
  await expect.poll(async () => (await texts()).filter((t) => t.includes(`${company.name} now requires multi-factor authentication`)).length).toBe(1);
  expect((await texts()).join("\n")).toContain(`Set it up by ${deadline}`);

  // The staff list says the same.
  await portal.company.open(admin, "Staff");
  await expect(page.getByRole("row").filter({ hasText: bea.email })).toContainText(`Due by ${deadline}`);
});

test("an exemption lifts the block, and the staff member sees it in their own activity", async ({ page, browser, portal, users, totp }) => {
  const { company, admin } = await companyWithAdmin(portal, users, totp);
  const cara = await users.create({ company: company.slug, name: "Cara Exempt" });
  await portal.company.savePolicy(admin, { required: "On", days: 0, allowed: "Authenticator app or email" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");

  const staff = portal.on(await newPage(browser));
  await staff.login.submit(cara);
  await expect(staff.page).toHaveURL(/\/settings\/account$/);

  await portal.company.openStaffMember(admin, cara);
  const until = new Date(Date.now() + 30 * DAY);
  // More than 90 days is refused with a clear message.
  await page.getByLabel("Reason").fill("Parental leave, no work phone");
  await page.getByLabel("Exempt until").fill(isoDay(new Date(Date.now() + 120 * DAY)));
  await page.getByRole("button", { name: "Exempt", exact: true }).click();
  await expect(page.getByText("Choose a day from today to 90 days ahead.")).toBeVisible();
  await page.getByLabel("Exempt until").fill(isoDay(until));
  await page.getByRole("button", { name: "Exempt", exact: true }).click();
  await expect(page.getByText(`Exempt until ${ukDay(until)}: Parental leave, no work phone`)).toBeVisible();

  await staff.page.goto("/");
  await staff.expectHome(cara);
  await staff.account.open(cara);
  await expect(staff.account.activity).toContainText(`Your administrator exempted you from the MFA requirement until ${isoDay(until)}`);

  // Ending it blocks Cara again at her next request.
  await page.getByRole("button", { name: "End exemption" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Exemption ended." })).toBeVisible();
  await staff.page.goto("/");
  await expect(staff.page).toHaveURL(/\/settings\/account$/);

  await portal.company.open(admin, "Audit log");
  await expect(page.getByRole("table")).toContainText("Ended the exemption from the MFA requirement");
  await expect(page.getByRole("table")).toContainText(`Exempted from the MFA requirement until ${isoDay(until)}: Parental leave, no work phone`);
});

test("Authenticator app only: 'Email me a code instead' is gone, and its action is refused when posted directly", async ({ page, browser, portal, users, totp, mailbox }) => {
  // Record the action's request where it is offered (a company that accepts email).
  const other = await users.create({ mfa: "authenticator" });
  await portal.login.submit(other);
  await expect(page.getByRole("button", { name: "Email me a code instead" })).toBeVisible();
  const recorded = recordAction(page, "/login/verify");
  await portal.otp.emailMeInstead();
  const emailInstead = await recorded;

  const adminPortal = portal.on(await newPage(browser));
  const { admin } = await companyWithAdmin(adminPortal, users, totp);
  await adminPortal.company.savePolicy(admin, { required: "Off", days: 14, allowed: "Authenticator app only" });
  await expect(adminPortal.page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  await adminPortal.signOut(admin);

  await adminPortal.login.submit(admin);
  await expect(adminPortal.page.getByText("Open your authenticator app")).toBeVisible();
  await expect(adminPortal.page.getByRole("button", { name: "Email me a code instead" })).toHaveCount(0);
  const response = await replayAction(adminPortal.page, emailInstead, "/login/verify", []);
  expect(await response.text()).toContain("AUTHENTICATOR_ONLY");
  expect((await mailbox.emails(admin.email)).filter((m) => m.subject.includes("sign-in code"))).toHaveLength(0);
});

test("the staff list filters by status and searches; the CSV has exactly the rows of the filtered list", async ({ page, portal, users, totp }) => {
  const { company, admin } = await companyWithAdmin(portal, users, totp);
  const names = ["Nia Overdue", "Ola Overdue", "Pat Overdue"];
  for (const name of names) await users.create({ company: company.slug, name });
  await portal.company.savePolicy(admin, { required: "On", days: 0, allowed: "Authenticator app or email" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");

  await portal.company.open(admin, "Staff");
  await page.getByLabel("MFA status").selectOption({ label: "Overdue" });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Showing" })).toHaveText("Showing 1–3 of 3 staff.");
  const tableRows = page.getByRole("table").getByRole("row");
  await expect(tableRows).toHaveCount(4);
  const pageRows = (await tableRows.allInnerTexts()).slice(1).map((t) => t.split("\t").map((c) => c.trim()));
  expect(pageRows.map((r) => r[0])).toEqual(names);
  expect(pageRows.every((r) => r[4] === "Overdue")).toBe(true);

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, "utf8").trim().split("\r\n").map((line) => line.split(","));
  expect(csv[0]).toEqual(["Name", "Email", "Role", "MFA method", "MFA status", "Last sign-in"]);
  expect(csv.slice(1)).toEqual(pageRows);

  await page.getByLabel("Search by name or email").fill("ola");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Showing" })).toHaveText("Showing 1–1 of 1 staff.");
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText("Ola Overdue");
});

test("an administrator cannot turn the requirement on while their own MFA is off", async ({ page, portal, users }) => {
  const company = users.createCompany();
  const admin = await users.create({ company: company.slug, role: "admin" });
  await portal.signIn(admin);
  await portal.company.savePolicy(admin, { required: "On", days: 14, allowed: "Authenticator app or email" });
  await expect(portal.alert).toHaveText("Turn on multi-factor authentication for your own account first.");
  await page.reload();
  await expect(page.getByText("Multi-factor authentication is not required: each person chooses.")).toBeVisible();
});

test("shortening a running grace period asks first and says how many become overdue", async ({ page, portal, users, totp }) => {
  const { company, admin } = await companyWithAdmin(portal, users, totp);
  for (let i = 0; i < 2; i++) await users.create({ company: company.slug });
  await portal.company.savePolicy(admin, { required: "On", days: 14, allowed: "Authenticator app or email" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  await portal.company.savePolicy(admin, { required: "On", days: 0, allowed: "Authenticator app or email" });
  const question = page.getByRole("alert").filter({ hasText: "Save anyway?" });
  await expect(question).toHaveText(/^2 staff become overdue at once/);
  await question.getByRole("button", { name: "Save anyway" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  await page.reload();
  await expect(page.getByLabel("Days to set it up")).toHaveValue("0");
});

test("staff get 404 on every admin page and action; a demoted administrator loses access at their next request", { tag: ["@promise:admin-pages-404-for-staff"] }, async ({ page, browser, portal, users, totp }) => {
  const { company, admin } = await companyWithAdmin(portal, users, totp);
  const dan = await users.create({ company: company.slug, name: "Dan Deputy" });
  const bea = await users.create({ company: company.slug, name: "Bea Plain" });

  // Record the role action as the administrator uses it: Dan becomes an administrator.
  const danId = await portal.company.openStaffMember(admin, dan);
  await page.getByRole("combobox", { name: "Role" }).selectOption({ label: "Administrator" });
  const recorded = recordAction(page);
  await page.getByRole("button", { name: "Save role" }).click();
  const roleAction = await recorded;
  await expect(page.getByRole("status").filter({ hasText: "Role saved." })).toBeVisible();

  // Bea, staff: no menu entry, 404 on every page and download, "not found" from the action with any id.
  const staff = portal.on(await newPage(browser));
  await staff.signIn(bea);
  await staff.page.getByRole("button", { name: bea.name }).click();
  await expect(staff.page.getByRole("menuitem", { name: "My details / settings" })).toBeVisible();
  await expect(staff.page.getByRole("menuitem", { name: "Company settings" })).toHaveCount(0);
  for (const path of ["/company", "/company/staff", "/company/security", "/company/audit", "/company/sso", `/company/staff/${danId}`, "/company/staff/export", "/company/audit/export"]) {
    const response = await staff.page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(staff.page.getByText("Company settings")).toHaveCount(0);
  }
  const asStaff = await replayAction(staff.page, roleAction, "/company/staff", [{ userId: danId, role: "STAFF" }]);
  expect(await asStaff.text()).toContain("NOT_FOUND");

  // Dan's new role works at once; demoted, his next request is a staff member's.
  const deputy = portal.on(await newPage(browser));
  await deputy.signIn(dan);
  await deputy.page.goto("/company/staff");
  await expect(deputy.page.getByRole("heading", { name: "Staff" })).toBeVisible();
  await page.getByRole("combobox", { name: "Role" }).selectOption({ label: "Staff" });
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role saved." })).toBeVisible();
  expect((await deputy.page.reload())?.status()).toBe(404);

  const rows = await database.query<{ action: string }>(`SELECT action FROM "AuditEntry" WHERE "targetId" = $1 ORDER BY "createdAt"`, [danId]);
  expect(rows.map((r) => r.action)).toEqual(["role.changed", "role.changed"]);
});

test("an administrator of one company cannot see, export or change anything of another (ids posted straight to the actions)", async ({ page, portal, users, totp }) => {
  const { company, admin } = await companyWithAdmin(portal, users, totp);
  const own: Pick<Person, "name"> = await users.create({ company: company.slug, name: "Own Staff" });
  const globex = users.createCompany({ name: "Globex Test" });
  const gina = await users.create({ company: globex.slug, name: "Gina Globex", domain: "globex.test" });
  const ginaId = gina.id;

  // Pages and downloads: not found, never a row of Globex.
  expect((await page.goto(`/company/staff/${ginaId}`))?.status()).toBe(404);
  await page.goto("/company/staff?q=gina");
  await expect(page.getByText("No staff match.")).toBeVisible();
  const staffCsv = await page.request.get("/company/staff/export");
  expect(staffCsv.status()).toBe(200);
  expect(await staffCsv.text()).not.toContain("globex");
  expect(await (await page.request.get("/company/audit/export")).text()).not.toContain("globex");

  // Actions with Gina's id, recorded from Alex's own forms.
  const ownId = await portal.company.openStaffMember(admin, own);
  const record = async (click: () => Promise<void>) => {
    const recorded = recordAction(page);
    await click();
    return recorded;
  };
  const roleAction = await record(() => page.getByRole("button", { name: "Save role" }).click());
  await page.getByLabel("Reason").fill("Test");
  await page.getByLabel("Exempt until").fill(isoDay(new Date(Date.now() + 5 * DAY)));
  const exemptAction = await record(() => page.getByRole("button", { name: "Exempt", exact: true }).click());
  await expect(page.getByRole("button", { name: "End exemption" })).toBeVisible();
  const endAction = await record(() => page.getByRole("button", { name: "End exemption" }).click());
  for (const [action, args] of [
    [roleAction, { userId: ginaId, role: "ADMIN" }],
    [exemptAction, { userId: ginaId, reason: "IDOR", until: isoDay(new Date(Date.now() + 5 * DAY)) }],
    [endAction, { userId: ginaId }],
  ] as const) {
    const response = await replayAction(page, action, `/company/staff/${ownId}`, [args]);
    expect(await response.text()).toContain("NOT_FOUND");
  }
  const [after] = await database.query<{ role: string; mfaExemptUntil: Date | null }>(`SELECT role, "mfaExemptUntil" FROM "User" WHERE id = $1`, [ginaId]);
  expect(after).toEqual({ role: "STAFF", mfaExemptUntil: null });
  expect(await database.count(`SELECT count(*) AS n FROM "AuditEntry" a JOIN "Company" c ON c.id = a."companyId" WHERE c.slug = $1`, [globex.slug])).toBe(0);
  expect(await database.count(`SELECT count(*) AS n FROM "SecurityEvent" WHERE "userId" = $1`, [ginaId])).toBe(0);
});
