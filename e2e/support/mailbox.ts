import { expect, type BrowserContext } from "@playwright/test";

/** The texts of every email to `to` in the local outbox (/dev/mailbox), newest first. */
export async function emailsTo(context: BrowserContext, to: string): Promise<string[]> {
  const page = await context.newPage();
  try {
    await page.goto("/dev/mailbox");
    const mails = page.getByRole("article").filter({ has: page.getByTestId("to").getByText(to, { exact: true }) });
    return await mails.locator("pre").allTextContents();
  } finally {
    await page.close();
  }
}

/** Waits for the `n`th email to `to` that carries a code and returns that code. */
export async function codeFromEmail(context: BrowserContext, to: string, n: number): Promise<string> {
  let codes: string[] = [];
  await expect
    .poll(async () => {
      codes = (await emailsTo(context, to)).map((t) => /^(\d{6})$/m.exec(t)?.[1]).filter((c): c is string => !!c);
      return codes.length;
    })
    .toBeGreaterThanOrEqual(n);
  return codes[codes.length - n]!;
}
