import { expect, test, type BrowserContext } from "@playwright/test";
import { ownIpHeaders } from "./support/client-ip";
import { codeFromEmail, emailsTo } from "./support/mailbox";
import { openAccountSettings, saveMfaOption, signIn, signOut, submitOtp, submitPassword } from "./support/pages";
import { createUser } from "./support/users";

// The suite's device ("Desktop Chrome") sends a Windows user agent whatever the
// machine; this spec names its browser itself, and comes from an address of its own.
const headers = ownIpHeaders();
const ip = headers["x-forwarded-for"];
test.use({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", extraHTTPHeaders: headers });

/** The short name of a zone now, as the emails write it: "GMT" or "BST" for London, "EST" or "EDT" for New York. */
const zoneNow = (timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName")!.value;

/** The text of the email that carries `code`. */
async function emailWith(context: BrowserContext, to: string, code: string): Promise<string> {
  return (await emailsTo(context, to)).find((text) => text.split("\n").includes(code)) ?? "";
}

test("sign-in code emails say which browser and address asked, at what time in the user's own time zone", async ({ page, context }) => {
  const user = createUser();
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const mfa = await saveMfaOption(page, "Email", user.password);
  await mfa.getByLabel("Email code").fill(await codeFromEmail(context, user.email, 1));
  await mfa.getByRole("button", { name: "Confirm" }).click();
  await expect(mfa.getByText("Current method: Email.")).toBeVisible();
  await signOut(page, user.name);

  // A new user's emails are in London time.
  await submitPassword(page, user);
  const london = await codeFromEmail(context, user.email, 2);
  const londonEmail = await emailWith(context, user.email, london);
  expect(londonEmail).toContain(`Requested from Chrome on Linux, ${ip}, at `);
  expect(londonEmail).toContain(` ${zoneNow("Europe/London", "en-GB")} on `);
  await submitOtp(page, london);
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();

  await openAccountSettings(page, user.name);
  const zone = page.getByRole("region", { name: "Time zone", exact: true });
  await expect(zone.getByRole("combobox", { name: "Time zone" })).toHaveValue("Europe/London");
  await zone.getByRole("combobox", { name: "Time zone" }).selectOption("America/New_York");
  await zone.getByRole("button", { name: "Save" }).click();
  await expect(zone.getByRole("status")).toHaveText("Time zone saved. Emails about your account now show times in America/New York.");
  await signOut(page, user.name);

  // The next code email is in New York time.
  await submitPassword(page, user);
  const newYork = await codeFromEmail(context, user.email, 3);
  const newYorkEmail = await emailWith(context, user.email, newYork);
  expect(newYorkEmail).toContain(`Requested from Chrome on Linux, ${ip}, at `);
  expect(newYorkEmail).toContain(` ${zoneNow("America/New_York", "en-US")} on `);
  await submitOtp(page, newYork);
  await openAccountSettings(page, user.name);
  await expect(page.getByRole("region", { name: "Time zone", exact: true }).getByRole("combobox", { name: "Time zone" })).toHaveValue("America/New_York");
});
