import { expect, test, type Page } from "@playwright/test";
import { authenticatorCode } from "./support/totp";
import { authenticatorUser, openAccountSettings, submitOtp, submitPassword } from "./support/pages";

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

test("/login and /settings/account carry the security headers, a fresh nonce each time, and every page works under the CSP", { tag: ["@promise:security-headers"] }, async ({ page }) => {
  const violations = await watchCsp(page);
  const first = await page.goto("/login");
  expectSecurityHeaders(first!.headers());
  const second = await page.request.get("/login");
  const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonceOf(second.headers()["content-security-policy"]!)).not.toBe(nonceOf(first!.headers()["content-security-policy"]!));
  // The page's own scripts carry the nonce of its response.
  const scriptNonce = await page.locator("script[nonce]").first().evaluate((s) => (s as HTMLScriptElement).nonce);
  expect(scriptNonce).toBe(nonceOf(first!.headers()["content-security-policy"]!));

  // A whole MFA journey under the policy: password, OTP page, settings with the QR code.
  const { user, secret } = await authenticatorUser(page);
  await submitPassword(page, user);
  await submitOtp(page, authenticatorCode(secret, 1));
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  const settings = await page.goto("/settings/account");
  expectSecurityHeaders(settings!.headers());
  await openAccountSettings(page, user.name);
  const section = page.getByRole("region", { name: "Multi-factor Authentication" });
  await section.getByLabel("MFA option").selectOption({ label: "Email" });
  await expect(section.getByLabel("Current password")).toBeVisible();
  await page.goto("/no-such-page");
  await expect(page.getByText("This page could not be found.")).toBeVisible();
  await page.goto("/dev/mailbox");
  await expect(page.getByRole("heading", { name: "Mailbox (local outbox)" })).toBeVisible();
  expect(violations).toEqual([]);
});
