import { expect, skipIfRemote, storedRecoveryCodes, test } from "./fixtures";

test("turning on an authenticator shows 10 recovery codes once; they download; a new set replaces them @local", async ({ page, portal, users, totp }) => {
  skipIfRemote("checks the stored hashes with the suite's own MFA_ENCRYPTION_KEY");
  const user = await users.create();
  await portal.signIn(user);
  await portal.account.open(user);

  // The app's code now: the step-up below needs a later one (totp.next).
  const secret = await portal.account.turnOnAuthenticator(user.password, totp);
  await expect(portal.account.mfa.getByRole("status")).toHaveText("Authenticator is on. You will need a code from the app each time you sign in.");

  // The set, shown once: 10 distinct codes, and only their keyed hashes in the database.
  const block = portal.recoveryCodes.block;
  await expect(block.getByRole("heading", { name: "Save your recovery codes" })).toBeFocused();
  await expect(block).toContainText("If you lose your phone");
  const codes = await portal.recoveryCodes.shown();
  expect(new Set(codes).size).toBe(10);
  const first = await storedRecoveryCodes(user.email, codes);
  expect(first.stored).toEqual(first.expected);
  expect(first.rows.every((r) => r.usedAt === null)).toBe(true);
  for (const code of codes) expect(JSON.stringify(first.rows)).not.toContain(code.replace("-", ""));

  // Download: a text file with a header line, then the codes shown, one a line.
  const file = await portal.recoveryCodes.download();
  expect(file.name).toBe("staff-portal-recovery-codes.txt");
  expect(file.lines[0]).toContain("Staff Portal");
  expect(file.lines[0]).toContain(user.email);
  expect(file.lines[0]).toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(file.lines.slice(1)).toEqual(codes);

  // Done waits for "I have saved these codes"; the keyboard alone gets there.
  const done = block.getByRole("button", { name: "Done" });
  const saved = block.getByRole("checkbox", { name: "I have saved these codes" });
  await expect(done).toBeDisabled();
  await saved.focus();
  await page.keyboard.press("Space");
  await expect(saved).toBeChecked();
  await expect(done).toBeEnabled();
  await page.keyboard.press("Tab");
  await expect(done).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(block).toHaveCount(0);

  await portal.recoveryCodes.expectLeft(10);
  // Never shown again: not after a reload either.
  await page.reload();
  await portal.recoveryCodes.expectLeft(10);
  await expect(portal.recoveryCodes.block).toHaveCount(0);
  expect(await page.content()).not.toContain(codes[0]!);

  // "Generate new codes": the password and a fresh code from the app; a different set replaces the old one at once.
  const next = await portal.recoveryCodes.generateNew(user.password, await totp.next(secret));
  expect(next.filter((code) => codes.includes(code))).toEqual([]);
  await expect(portal.recoveryCodes.section.getByRole("status")).toHaveText("New recovery codes are ready. Your previous codes no longer work.");
  const second = await storedRecoveryCodes(user.email, next);
  expect(second.stored).toEqual(second.expected);
  expect(second.stored.filter((hash) => first.stored.includes(hash))).toEqual([]);

  await portal.recoveryCodes.saved();
  await portal.recoveryCodes.expectLeft(10);
  await expect(portal.account.activity).toContainText("New recovery codes generated (the previous ones stopped working)");
});
