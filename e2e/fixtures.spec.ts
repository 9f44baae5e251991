import type { BrowserContext } from "@playwright/test";
import { expect, test } from "./fixtures";

// What the fixtures promise a QA team's specs beyond the portal itself.

// One after the other in one worker: the second test looks at what the first left behind.
test.describe.configure({ mode: "serial" });

let leftOpen: BrowserContext | undefined;

test("a spec may leave a browser it opened itself open", async ({ browser }) => {
  leftOpen = await browser.newContext();
  await leftOpen.newPage();
  expect(browser.contexts()).toContain(leftOpen);
});

test("…and the next test's browser no longer holds it: it was closed when that spec ended", async ({ browser }) => {
  expect(leftOpen).toBeDefined();
  expect(browser.contexts()).not.toContain(leftOpen);
  await expect(leftOpen!.newPage()).rejects.toThrow(/closed/);
});
