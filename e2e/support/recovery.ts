import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { hashCode, normaliseCode } from "../../lib/mfa/one-time-codes";
import { keyRingFrom } from "../../lib/mfa/secret-box";
import { RECOVERY_CODE_LENGTH } from "../../lib/security/limits";
import { queryDatabase } from "./database";
import { E2E_ENV } from "./env";

/** How the portal shows a recovery code: two groups of five from the look-alike-free alphabet. */
export const RECOVERY_CODE = /^[A-HJKMNP-TV-Z2-9]{5}-[A-HJKMNP-TV-Z2-9]{5}$/;

/** The block a new set appears in, once (after turning MFA on, or "Generate new codes"). */
export function recoveryCodesBlock(page: Page) {
  return page.getByRole("region", { name: "Save your recovery codes" });
}

/** The "Recovery codes" section of Account settings (exact: the block above has the words too). */
export function recoveryCodesSection(page: Page) {
  return page.getByRole("region", { name: "Recovery codes", exact: true });
}

/** The 10 codes the block shows, as shown. */
export async function shownRecoveryCodes(page: Page): Promise<string[]> {
  const items = recoveryCodesBlock(page).getByRole("listitem");
  await expect(items).toHaveCount(10);
  const codes = (await items.allTextContents()).map((text) => text.trim());
  for (const code of codes) expect(code).toMatch(RECOVERY_CODE);
  return codes;
}

/** Presses "Download" and returns the file's name and lines. */
export async function downloadRecoveryCodes(page: Page): Promise<{ name: string; lines: string[] }> {
  const download = page.waitForEvent("download");
  await recoveryCodesBlock(page).getByRole("button", { name: "Download" }).click();
  const file = await download;
  const lines = readFileSync(await file.path(), "utf8").split(/\r?\n/).filter((line) => line.trim() !== "");
  return { name: file.suggestedFilename(), lines };
}

/** Ticks "I have saved these codes" and presses Done: the block goes. */
export async function finishSavingRecoveryCodes(page: Page) {
  const block = recoveryCodesBlock(page);
  await block.getByRole("checkbox", { name: "I have saved these codes" }).check();
  await block.getByRole("button", { name: "Done" }).click();
  await expect(block).toHaveCount(0);
}

/**
 * "Generate new codes" in the Recovery codes section with the current password
 * and a current code of the present method; returns the new set shown.
 */
export async function generateNewRecoveryCodes(page: Page, password: string, currentCode?: string): Promise<string[]> {
  const section = recoveryCodesSection(page);
  await section.getByLabel("Current password").fill(password);
  // A session opened with a recovery code is not asked for one.
  if (currentCode !== undefined) await section.getByLabel("Current code").fill(currentCode);
  await section.getByRole("button", { name: "Generate new codes" }).click();
  await expect(recoveryCodesBlock(page)).toBeVisible();
  return shownRecoveryCodes(page);
}

/**
 * The user's recovery code rows as stored, and the stored form of each code
 * shown (HMAC under the suite's key), to check that the table holds exactly
 * the set on screen and nothing readable.
 */
export async function storedRecoveryCodes(email: string, shown: string[]) {
  const rows = await queryDatabase<{ userId: string; codeHash: string; usedAt: Date | null }>(
    `SELECT r."userId", r."codeHash", r."usedAt" FROM "RecoveryCode" r JOIN "User" u ON u.id = r."userId" WHERE u.email = $1`,
    [email],
  );
  const userId = rows[0]?.userId ?? "";
  const ring = keyRingFrom({ key: E2E_ENV.MFA_ENCRYPTION_KEY, keyId: E2E_ENV.MFA_ENCRYPTION_KEY_ID });
  const expected = shown.map((code) => hashCode(ring, "recovery", userId, normaliseCode(code, RECOVERY_CODE_LENGTH) ?? ""));
  return { rows, stored: rows.map((r) => r.codeHash).sort(), expected: expected.sort() };
}
