import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseEnv } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ensureLocalEnv, localDefaults } from "./local-env";

const folders: string[] = [];
const tempFile = () => {
  folders.push(mkdtempSync(path.join(tmpdir(), "env-")));
  return path.join(folders.at(-1)!, ".env");
};
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true })));

describe("ensureLocalEnv", () => {
  it("creates a file with every default and fresh random secrets", () => {
    const file = tempFile();
    const added = ensureLocalEnv(file);
    const parsed = parseEnv(readFileSync(file, "utf8"));
    expect(added.sort()).toEqual(Object.keys(localDefaults()).sort());
    expect(Buffer.from(parsed.MFA_ENCRYPTION_KEY!, "base64")).toHaveLength(32);
    expect(parsed.AUTH_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(localDefaults().AUTH_SECRET).not.toBe(localDefaults().AUTH_SECRET);
  });

  it("never overwrites an existing value and adds only what is missing", () => {
    const file = tempFile();
    writeFileSync(file, "AUTH_SECRET=keep-me\nAPP_NAME=Other");
    const added = ensureLocalEnv(file);
    const parsed = parseEnv(readFileSync(file, "utf8"));
    expect(parsed.AUTH_SECRET).toBe("keep-me");
    expect(parsed.APP_NAME).toBe("Other");
    expect(added).not.toContain("AUTH_SECRET");
    expect(ensureLocalEnv(file)).toEqual([]);
  });
});
