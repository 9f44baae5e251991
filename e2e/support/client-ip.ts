import { randomInt } from "node:crypto";
import type { Browser } from "@playwright/test";

/**
 * A browser context that appears to come from its own IP address (the app
 * reads the right-most X-Forwarded-For hop), so that tests of per-account
 * limits do not spend the shared per-IP budget of the whole suite.
 */
export async function contextFromOwnIp(browser: Browser) {
  const headers = ownIpHeaders();
  const context = await browser.newContext({ extraHTTPHeaders: headers });
  return { context, page: await context.newPage(), ip: headers["x-forwarded-for"] };
}

/**
 * Headers that make a spec's requests come from an address of its own, for
 * `test.use({ extraHTTPHeaders })`: specs that rely on the email-first
 * look-up must not share the per-IP look-up budget with the whole suite.
 */
export function ownIpHeaders(): { "x-forwarded-for": string } {
  return { "x-forwarded-for": `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}` };
}
