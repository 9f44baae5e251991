import { randomInt } from "node:crypto";
import type { Browser } from "@playwright/test";

/**
 * A browser context that appears to come from its own IP address (the app
 * reads the right-most X-Forwarded-For hop), so that tests of per-account
 * limits do not spend the shared per-IP budget of the whole suite.
 */
export async function contextFromOwnIp(browser: Browser) {
  const ip = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ip } });
  return { context, page: await context.newPage(), ip };
}
