import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "./log";

afterEach(() => vi.restoreAllMocks());

describe("log", () => {
  it("writes one JSON object a line and drops secret-looking fields", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    log.info("sign-in", { userId: "u1", password: "hunter2", otpCode: "123456", totpSecret: "ABC", challengeToken: "t", ok: true });
    const line = String(write.mock.calls[0]?.[0]);
    expect(line.endsWith("\n")).toBe(true);
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ level: "info", msg: "sign-in", userId: "u1", ok: true });
    expect(line).not.toMatch(/hunter2|123456|ABC"|"t"/);
  });
});
