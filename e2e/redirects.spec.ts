import { expect, test } from "./fixtures";

// The shapes of the open redirect that was demonstrated, and relatives.
const HOSTILE = ["/.//evil.example", "/%2e//evil.example", "/login/../..//evil.example/phish", "//evil.example", "/%5c/evil.example", "https://evil.example/"];

test("a signed-in user sent to /login with a hostile callbackUrl stays on the portal", { tag: ["@promise:local-redirects-only"] }, async ({ page, baseURL, portal, users }) => {
  const user = await users.create();
  await portal.signIn(user);
  for (const target of HOSTILE) {
    const url = `/login?callbackUrl=${encodeURIComponent(target)}`;
    const answer = await page.request.get(url, { maxRedirects: 0 });
    expect(answer.status(), target).toBe(307);
    expect(answer.headers()["location"], target).toBe("/");
    await page.goto(url);
    await expect(page).toHaveURL(`${baseURL}/`);
    await portal.expectHome(user);
  }
});

test("signing in from a hostile callbackUrl lands on the portal's home page; a safe one is kept", { tag: ["@promise:local-redirects-only"] }, async ({ page, baseURL, portal, users }) => {
  const user = await users.create();
  // The raw form of the first demonstrated shape, as a link in an email would carry it.
  await portal.signIn(user, "/login?callbackUrl=/.//evil.example");
  await expect(page).toHaveURL(`${baseURL}/`);
  await page.context().clearCookies();
  await portal.signIn(user, "/login?callbackUrl=%2Fsettings%2Fdetails");
  await expect(page).toHaveURL(`${baseURL}/settings/details`);
});
