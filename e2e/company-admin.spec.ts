import { expect, test, type Browser, type Page, type Request } from "@playwright/test";
import { replayAction } from "./support/actions";
import { queryDatabase } from "./support/database";
import { emailsTo } from "./support/mailbox";
import { authenticatorCode } from "./support/totp";
import { createCompany, createUser, type TestUser } from "./support/users";
import { authenticatorUser, enrollAuthenticator, formAlert, openAccountSettings, saveMfaOption, signIn, signOut, submitPassword } from "./support/pages";

// Each test has a company of its own: a policy set here never reaches the
// users of tests running beside it.

const DAY = 24 * 60 * 60 * 1000;
const ukDay = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/London" });
const isoDay = (d: Date) => d.toLocaleDateString("en-CA", { timeZone: "Europe/London" });

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Name menu -> Company settings -> a section. */
async function openCompanySettings(page: Page, admin: TestUser, section: "Staff" | "Sign-in security" | "Audit log") {
  await page.getByRole("button", { name: admin.name }).click();
  await page.getByRole("menuitem", { name: "Company settings" }).click();
  await page.getByRole("navigation", { name: "Company settings" }).getByRole("link", { name: section }).click();
  await expect(page.getByRole("heading", { level: 1, name: section })).toBeVisible();
}

/** Sign-in security -> the form -> Save, with the administrator's password. */
async function savePolicy(page: Page, admin: TestUser, policy: { required: "On" | "Off"; days: number; allowed: "Authenticator app or email" | "Authenticator app only" }) {
  await openCompanySettings(page, admin, "Sign-in security");
  const form = page.getByRole("main");
  await form.getByRole("group", { name: "Require multi-factor authentication" }).getByLabel(policy.required, { exact: true }).check();
  await form.getByLabel("Days to set it up").fill(String(policy.days));
  await form.getByRole("group", { name: "Allowed methods" }).getByLabel(policy.allowed).check();
  await form.getByLabel("Current password").fill(admin.password);
  await form.getByRole("button", { name: "Save", exact: true }).click();
}

/** An administrator of a new company, signed in with an authenticator on (as the policy needs). */
async function companyWithAdmin(page: Page) {
  const company = createCompany();
  const admin = createUser({ company: company.slug, role: "admin", name: `Alex ${company.slug}` });
  await signIn(page, admin);
  await enrollAuthenticator(page, admin);
  return { company, admin };
}

test("0 days and Authenticator app only: the staff member's next sign-in can do nothing but set up the authenticator", { tag: ["@promise:policy-blocks-after-deadline"] }, async ({ page, browser }) => {
  const { company, admin } = await companyWithAdmin(page);
  const bea = createUser({ company: company.slug, name: "Bea Staff" });

  await savePolicy(page, admin, { required: "On", days: 0, allowed: "Authenticator app only" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");

  const staff = await newPage(browser);
  await submitPassword(staff, bea);
  const message = `${company.name} requires multi-factor authentication. Set it up to continue.`;
  await expect(staff.getByRole("heading", { name: "Account settings" })).toBeVisible();
  await expect(staff.getByRole("alert").filter({ hasText: message })).toBeVisible();
  expect(new URL(staff.url()).pathname).toBe("/settings/account");
  // Every other page leads back here; only the MFA section is on it.
  for (const path of ["/", "/settings/details", "/company/staff"]) {
    await staff.goto(path);
    await expect(staff).toHaveURL(/\/settings\/account$/);
  }
  await expect(staff.getByRole("heading", { name: "Change password" })).toHaveCount(0);
  await expect(staff.getByRole("heading", { name: "Active sessions" })).toHaveCount(0);
  const select = staff.getByRole("region", { name: "Multi-factor Authentication" }).getByLabel("MFA option");
  await expect(select.locator("option")).toHaveText(["Authenticator"]);

  const section = await saveMfaOption(staff, "Authenticator", bea.password);
  const secret = await section.getByLabel("Setup key").inputValue();
  await section.getByLabel("Authenticator code").fill(authenticatorCode(secret));
  await section.getByRole("button", { name: "Confirm" }).click();
  await expect(section.getByText("Current method: Authenticator.")).toBeVisible();
  await staff.goto("/");
  await expect(staff.getByRole("heading", { name: "Hello, Bea Staff" })).toBeVisible();
  await expect(staff.getByRole("alert").filter({ hasText: "requires multi-factor authentication" })).toHaveCount(0);

  // The audit log has the policy change and Bea's new authenticator.
  await openCompanySettings(page, admin, "Audit log");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toContainText("Turned on multi-factor authentication (Authenticator)");
  await expect(rows.nth(1)).toContainText("Bea Staff");
  await expect(rows.nth(2)).toContainText("Changed sign-in security from requirement Off, 14 days, Authenticator app or email to requirement On, 0 days, Authenticator app only");
  await expect(rows.nth(2)).toContainText(admin.email);
});

test("14 days: a banner with the date and the days left on every page, and None is no longer offered", async ({ page, browser }) => {
  const { company, admin } = await companyWithAdmin(page);
  const bea = createUser({ company: company.slug });
  await savePolicy(page, admin, { required: "On", days: 14, allowed: "Authenticator app or email" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  const deadline = ukDay(new Date(Date.now() + 14 * DAY));

  const staff = await newPage(browser);
  await signIn(staff, bea);
  const banner = staff.getByRole("status").filter({ hasText: "requires multi-factor authentication" });
  await expect(banner).toHaveText(`${company.name} requires multi-factor authentication. Set it up by ${deadline} (14 days left). Set up multi-factor authentication`);
  await staff.goto("/settings/details");
  await expect(banner).toBeVisible();
  await banner.getByRole("link", { name: "Set up multi-factor authentication" }).click();
  await expect(staff.getByRole("heading", { name: "Account settings" })).toBeVisible();
  // Before the deadline the rest of the portal stays open: the password form is here too.
  await expect(staff.getByRole("heading", { name: "Change password" })).toBeVisible();
  await expect(staff.getByRole("region", { name: "Multi-factor Authentication" }).getByLabel("MFA option").locator("option")).toHaveText(["Authenticator", "Email"]);

  // One email, through the queue, with the same date.
  await expect.poll(async () => (await emailsTo(staff.context(), bea.email)).filter((t) => t.includes(`${company.name} now requires multi-factor authentication`)).length).toBe(1);
  expect((await emailsTo(staff.context(), bea.email)).join("\n")).toContain(`Set it up by ${deadline}`);

  // The staff list says the same.
  await openCompanySettings(page, admin, "Staff");
  await expect(page.getByRole("row").filter({ hasText: bea.email })).toContainText(`Due by ${deadline}`);
});

test("an exemption lifts the block, and the staff member sees it in their own activity", async ({ page, browser }) => {
  const { company, admin } = await companyWithAdmin(page);
  const cara = createUser({ company: company.slug, name: "Cara Exempt" });
  await savePolicy(page, admin, { required: "On", days: 0, allowed: "Authenticator app or email" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");

  const staff = await newPage(browser);
  await submitPassword(staff, cara);
  await expect(staff).toHaveURL(/\/settings\/account$/);

  await openCompanySettings(page, admin, "Staff");
  await page.getByRole("link", { name: "Cara Exempt" }).click();
  await expect(page.getByRole("heading", { name: "Cara Exempt" })).toBeVisible();
  const until = new Date(Date.now() + 30 * DAY);
  // More than 90 days is refused with a clear message.
  await page.getByLabel("Reason").fill("Parental leave, no work phone");
  await page.getByLabel("Exempt until").fill(isoDay(new Date(Date.now() + 120 * DAY)));
  await page.getByRole("button", { name: "Exempt", exact: true }).click();
  await expect(page.getByText("Choose a day from today to 90 days ahead.")).toBeVisible();
  await page.getByLabel("Exempt until").fill(isoDay(until));
  await page.getByRole("button", { name: "Exempt", exact: true }).click();
  await expect(page.getByText(`Exempt until ${ukDay(until)}: Parental leave, no work phone`)).toBeVisible();

  await staff.goto("/");
  await expect(staff.getByRole("heading", { name: "Hello, Cara Exempt" })).toBeVisible();
  await openAccountSettings(staff, cara.name);
  await expect(staff.getByRole("region", { name: "Recent security activity" })).toContainText(`Your administrator exempted you from the MFA requirement until ${isoDay(until)}`);

  // Ending it blocks Cara again at her next request.
  await page.getByRole("button", { name: "End exemption" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Exemption ended." })).toBeVisible();
  await staff.goto("/");
  await expect(staff).toHaveURL(/\/settings\/account$/);

  await openCompanySettings(page, admin, "Audit log");
  await expect(page.getByRole("table")).toContainText("Ended the exemption from the MFA requirement");
  await expect(page.getByRole("table")).toContainText(`Exempted from the MFA requirement until ${isoDay(until)}: Parental leave, no work phone`);
});

test("Authenticator app only: 'Email me a code instead' is gone, and its action is refused when posted directly", async ({ page, browser }) => {
  // Record the action's request where it is offered (a company that accepts email).
  const { user: other } = await authenticatorUser(page);
  await submitPassword(page, other);
  await expect(page.getByRole("button", { name: "Email me a code instead" })).toBeVisible();
  const recorded = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"] && new URL(r.url()).pathname === "/login/verify");
  await page.getByRole("button", { name: "Email me a code instead" }).click();
  const emailInstead: Request = await recorded;

  const adminPage = await newPage(browser);
  const { admin } = await companyWithAdmin(adminPage);
  await savePolicy(adminPage, admin, { required: "Off", days: 14, allowed: "Authenticator app only" });
  await expect(adminPage.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  await signOut(adminPage, admin.name);

  await submitPassword(adminPage, admin);
  await expect(adminPage.getByText("Open your authenticator app")).toBeVisible();
  await expect(adminPage.getByRole("button", { name: "Email me a code instead" })).toHaveCount(0);
  const response = await replayAction(adminPage.request, emailInstead, new URL("/login/verify", adminPage.url()).toString(), []);
  expect(await response.text()).toContain("AUTHENTICATOR_ONLY");
  const mails = await queryDatabase<{ n: string }>(`SELECT count(*) AS n FROM "OutboxEmail" WHERE "to" = $1 AND subject LIKE '%sign-in code%'`, [admin.email]);
  expect(Number(mails[0]!.n)).toBe(0);
});

test("the staff list filters by status and searches; the CSV has exactly the rows of the filtered list", async ({ page }) => {
  const { company, admin } = await companyWithAdmin(page);
  const names = ["Nia Overdue", "Ola Overdue", "Pat Overdue"];
  for (const name of names) createUser({ company: company.slug, name });
  await savePolicy(page, admin, { required: "On", days: 0, allowed: "Authenticator app or email" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");

  await openCompanySettings(page, admin, "Staff");
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
  const csv = (await import("node:fs")).readFileSync(file, "utf8").trim().split("\r\n").map((line) => line.split(","));
  expect(csv[0]).toEqual(["Name", "Email", "Role", "MFA method", "MFA status", "Last sign-in"]);
  expect(csv.slice(1)).toEqual(pageRows);

  await page.getByLabel("Search by name or email").fill("ola");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Showing" })).toHaveText("Showing 1–1 of 1 staff.");
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText("Ola Overdue");
});

test("an administrator cannot turn the requirement on while their own MFA is off", async ({ page }) => {
  const company = createCompany();
  const admin = createUser({ company: company.slug, role: "admin" });
  await signIn(page, admin);
  await savePolicy(page, admin, { required: "On", days: 14, allowed: "Authenticator app or email" });
  await expect(formAlert(page)).toHaveText("Turn on multi-factor authentication for your own account first.");
  await page.reload();
  await expect(page.getByText("Multi-factor authentication is not required: each person chooses.")).toBeVisible();
});

test("shortening a running grace period asks first and says how many become overdue", async ({ page }) => {
  const { company, admin } = await companyWithAdmin(page);
  for (let i = 0; i < 2; i++) createUser({ company: company.slug });
  await savePolicy(page, admin, { required: "On", days: 14, allowed: "Authenticator app or email" });
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  await savePolicy(page, admin, { required: "On", days: 0, allowed: "Authenticator app or email" });
  const question = page.getByRole("alert").filter({ hasText: "Save anyway?" });
  await expect(question).toHaveText(/^2 staff become overdue at once/);
  await question.getByRole("button", { name: "Save anyway" }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  await page.reload();
  await expect(page.getByLabel("Days to set it up")).toHaveValue("0");
});

test("staff get 404 on every admin page and action; a demoted administrator loses access at their next request", { tag: ["@promise:admin-pages-404-for-staff"] }, async ({ page, browser }) => {
  const { company, admin } = await companyWithAdmin(page);
  const dan = createUser({ company: company.slug, name: "Dan Deputy" });
  const bea = createUser({ company: company.slug, name: "Bea Plain" });

  // Record the role action as the administrator uses it: Dan becomes an administrator.
  await openCompanySettings(page, admin, "Staff");
  await page.getByRole("link", { name: "Dan Deputy" }).click();
  await page.getByRole("combobox", { name: "Role" }).selectOption({ label: "Administrator" });
  const recorded = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await page.getByRole("button", { name: "Save role" }).click();
  const roleAction = await recorded;
  await expect(page.getByRole("status").filter({ hasText: "Role saved." })).toBeVisible();
  const danId = new URL(page.url()).pathname.split("/").pop()!;

  // Bea, staff: no menu entry, 404 on every page and download, "not found" from the action with any id.
  const staff = await newPage(browser);
  await signIn(staff, bea);
  await staff.getByRole("button", { name: bea.name }).click();
  await expect(staff.getByRole("menuitem", { name: "My details / settings" })).toBeVisible();
  await expect(staff.getByRole("menuitem", { name: "Company settings" })).toHaveCount(0);
  for (const path of ["/company", "/company/staff", "/company/security", "/company/audit", "/company/sso", `/company/staff/${danId}`, "/company/staff/export", "/company/audit/export"]) {
    const response = await staff.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(staff.getByText("Company settings")).toHaveCount(0);
  }
  const asStaff = await replayAction(staff.request, roleAction, new URL("/company/staff", staff.url()).toString(), [{ userId: danId, role: "STAFF" }]);
  expect(await asStaff.text()).toContain("NOT_FOUND");

  // Dan's new role works at once; demoted, his next request is a staff member's.
  const deputy = await newPage(browser);
  await signIn(deputy, dan);
  await deputy.goto("/company/staff");
  await expect(deputy.getByRole("heading", { name: "Staff" })).toBeVisible();
  await page.getByRole("combobox", { name: "Role" }).selectOption({ label: "Staff" });
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role saved." })).toBeVisible();
  expect((await deputy.reload())?.status()).toBe(404);

  const rows = await queryDatabase<{ action: string }>(`SELECT action FROM "AuditEntry" WHERE "targetId" = $1 ORDER BY "createdAt"`, [danId]);
  expect(rows.map((r) => r.action)).toEqual(["role.changed", "role.changed"]);
});

test("an administrator of one company cannot see, export or change anything of another (ids posted straight to the actions)", async ({ page }) => {
  const { company, admin } = await companyWithAdmin(page);
  createUser({ company: company.slug, name: "Own Staff" });
  const globex = createCompany({ name: "Globex Test" });
  const gina = createUser({ company: globex.slug, name: "Gina Globex", domain: "globex.test" });
  const [ginaRow] = await queryDatabase<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [gina.email]);
  const ginaId = ginaRow!.id;

  // Pages and downloads: not found, never a row of Globex.
  expect((await page.goto(`/company/staff/${ginaId}`))?.status()).toBe(404);
  await page.goto("/company/staff?q=gina");
  await expect(page.getByText("No staff match.")).toBeVisible();
  const staffCsv = await page.request.get("/company/staff/export");
  expect(staffCsv.status()).toBe(200);
  expect(await staffCsv.text()).not.toContain("globex");
  expect(await (await page.request.get("/company/audit/export")).text()).not.toContain("globex");

  // Actions with Gina's id, recorded from Alex's own forms.
  await openCompanySettings(page, admin, "Staff");
  await page.getByRole("link", { name: "Own Staff" }).click();
  await expect(page.getByRole("heading", { name: "Own Staff" })).toBeVisible();
  const ownId = new URL(page.url()).pathname.split("/").pop()!;
  const record = async (click: () => Promise<void>) => {
    const recorded = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
    await click();
    return recorded;
  };
  const roleAction = await record(() => page.getByRole("button", { name: "Save role" }).click());
  await page.getByLabel("Reason").fill("Test");
  await page.getByLabel("Exempt until").fill(isoDay(new Date(Date.now() + 5 * DAY)));
  const exemptAction = await record(() => page.getByRole("button", { name: "Exempt", exact: true }).click());
  await expect(page.getByRole("button", { name: "End exemption" })).toBeVisible();
  const endAction = await record(() => page.getByRole("button", { name: "End exemption" }).click());
  const url = new URL(`/company/staff/${ownId}`, page.url()).toString();
  for (const [action, args] of [
    [roleAction, { userId: ginaId, role: "ADMIN" }],
    [exemptAction, { userId: ginaId, reason: "IDOR", until: isoDay(new Date(Date.now() + 5 * DAY)) }],
    [endAction, { userId: ginaId }],
  ] as const) {
    const response = await replayAction(page.request, action, url, [args]);
    expect(await response.text()).toContain("NOT_FOUND");
  }
  const [after] = await queryDatabase<{ role: string; mfaExemptUntil: Date | null }>(`SELECT role, "mfaExemptUntil" FROM "User" WHERE id = $1`, [ginaId]);
  expect(after).toEqual({ role: "STAFF", mfaExemptUntil: null });
  const globexAudit = await queryDatabase<{ n: string }>(`SELECT count(*) AS n FROM "AuditEntry" a JOIN "Company" c ON c.id = a."companyId" WHERE c.slug = $1`, [globex.slug]);
  expect(Number(globexAudit[0]!.n)).toBe(0);
  const ginaEvents = await queryDatabase<{ n: string }>(`SELECT count(*) AS n FROM "SecurityEvent" WHERE "userId" = $1`, [ginaId]);
  expect(Number(ginaEvents[0]!.n)).toBe(0);
});
