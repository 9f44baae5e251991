import type { Page } from "@playwright/test";
import { expect, isRemote, test } from "./fixtures";

/** Collects every Content-Security-Policy violation the page reports, from the document and the console. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on("console", (message) => {
    if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

function expectSecurityHeaders(headers: Record<string, string>) {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["permissions-policy"]).toContain("camera=()");
}

test("/login and /settings/account carry the security headers, a fresh nonce each time, and every page works under the CSP", { tag: ["@promise:security-headers"] }, async ({ page, portal, users, totp }) => {
  const violations = await watchCsp(page);
  const first = await page.goto("/login");
  expectSecurityHeaders(first!.headers());
  const second = await page.request.get("/login");
  const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonceOf(second.headers()["content-security-policy"]!)).not.toBe(nonceOf(first!.headers()["content-security-policy"]!));
  // The page's own scripts carry the nonce of its response.
  const scriptNonce = await page.locator("script[nonce]").first().evaluate((s) => (s as HTMLScriptElement).nonce);
  expect(scriptNonce).toBe(nonceOf(first!.headers()["content-security-policy"]!));

  // A whole MFA journey under the policy: settings with the QR code, password, OTP page.
  const user = await users.create();
  await portal.signIn(user);
  await portal.account.open(user);
  const secret = await portal.account.turnOnAuthenticator(user.password, totp);
  await portal.signOut(user);
  await portal.login.submit(user);
  await portal.otp.submit(await totp.next(secret));
  await portal.expectSignedIn(user);
  const settings = await page.goto("/settings/account");
  expectSecurityHeaders(settings!.headers());
  await portal.account.open(user);
  await portal.account.mfa.getByLabel("MFA option").selectOption({ label: "Email" });
  await expect(portal.account.mfa.getByLabel("Current password")).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByText("This page could not be found.")).toBeVisible();
  // The local outbox's page, on the suite's own servers only (a deployment has none).
  if (!isRemote) {
    await page.goto("/dev/mailbox");
    await expect(page.getByRole("heading", { name: "Mailbox (local outbox)" })).toBeVisible();
  }
  expect(violations).toEqual([]);
});
