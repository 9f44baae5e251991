import { ActiveSessions, expect, test, type Mailbox } from "./fixtures";

// The suite's device ("Desktop Chrome") sends a Windows user agent whatever the
// machine; this spec names its browser itself.
test.use({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" });

/** The short name of a zone now, as the emails write it: "GMT" or "BST" for London, "EST" or "EDT" for New York. */
const zoneNow = (timeZone: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName")!.value;

/** The text of the email that carries `code`. */
async function emailWith(mailbox: Mailbox, to: string, code: string): Promise<string> {
  return (await mailbox.emails(to)).find((m) => m.text.split("\n").includes(code))?.text ?? "";
}

/** "Requested from Chrome on Linux, <ip>, at " (with the place after the address where the deployment has a GeoIP database). */
const requestedFrom = (ip: string) => new RegExp(`Requested from Chrome on Linux, ${ip.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\([^)]*\\))?, at `);

test("sign-in code emails say which browser and address asked, at what time in the user's own time zone", async ({ page, portal, users, mailbox }) => {
  const user = await users.create();
  await portal.signIn(user);
  await portal.account.open(user);
  // The address the portal sees for this browser (against a deployment, what its proxy reports).
  const ip = await new ActiveSessions(page).thisBrowserAddress();
  await portal.account.chooseMfa("Email", user.password);
  await portal.account.confirmEmail(await mailbox.latestCode(user.email));
  await portal.account.expectMethod("Email");
  await portal.signOut(user);

  // A new user's emails are in London time.
  await portal.login.submit(user);
  const london = await mailbox.latestCode(user.email);
  const londonEmail = await emailWith(mailbox, user.email, london);
  expect(londonEmail).toMatch(requestedFrom(ip));
  expect(londonEmail).toContain(` ${zoneNow("Europe/London", "en-GB")} on `);
  await portal.otp.submit(london);
  await portal.expectSignedIn(user);

  await portal.account.open(user);
  const zone = page.getByRole("region", { name: "Time zone", exact: true });
  await expect(zone.getByRole("combobox", { name: "Time zone" })).toHaveValue("Europe/London");
  await zone.getByRole("combobox", { name: "Time zone" }).selectOption("America/New_York");
  await zone.getByRole("button", { name: "Save" }).click();
  await expect(zone.getByRole("status")).toHaveText("Time zone saved. Emails about your account now show times in America/New York.");
  await portal.signOut(user);

  // The next code email is in New York time.
  await portal.login.submit(user);
  const newYork = await mailbox.latestCode(user.email);
  const newYorkEmail = await emailWith(mailbox, user.email, newYork);
  expect(newYorkEmail).toMatch(requestedFrom(ip));
  expect(newYorkEmail).toContain(` ${zoneNow("America/New_York", "en-US")} on `);
  await portal.otp.submit(newYork);
  await portal.account.open(user);
  await expect(page.getByRole("region", { name: "Time zone", exact: true }).getByRole("combobox", { name: "Time zone" })).toHaveValue("America/New_York");
});
