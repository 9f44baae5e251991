import { describe, expect, it, vi } from "vitest";
import { CENSOR, createLog, createLogger, log as processLog } from "./log";
import { inRequestScope } from "./request-scope";

/** A log writing into an array, and its lines parsed. */
function capture() {
  const lines: string[] = [];
  const log = createLog({ write: (line: string) => void lines.push(line) });
  return { log, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("log", () => {
  it("writes one JSON object a line, with the level's label, the message and the fields", () => {
    const { log, lines, parsed } = capture();
    log.info("sign-in", { userId: "u1", ok: true, streak: 3 });
    log.warn("careful");
    log.error("broken", { reason: "ECONNREFUSED" });
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.endsWith("\n") && !line.slice(0, -1).includes("\n")).toBe(true);
    const [info, warn, error] = parsed();
    expect(info).toMatchObject({ level: "info", msg: "sign-in", userId: "u1", ok: true, streak: 3 });
    expect(warn).toMatchObject({ level: "warn", msg: "careful" });
    expect(error).toMatchObject({ level: "error", msg: "broken", reason: "ECONNREFUSED" });
    expect(new Date(String(info!.time)).toISOString()).toBe(info!.time);
    // The E2E log scans grep the raw line for the message.
    expect(lines[0]).toContain('"msg":"sign-in"');
  });

  it("the process's log writes each line, warnings and errors too, to standard output", () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    processLog.error("database unavailable", { reason: "ECONNREFUSED", password: "hunter2" });
    const lines = stdout.mock.calls.map(([chunk]) => String(chunk));
    stdout.mockRestore();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "error", msg: "database unavailable", reason: "ECONNREFUSED", password: CENSOR });
  });

  it("never writes the value of a secret-looking field, at the top level or nested", () => {
    const { log, lines, parsed } = capture();
    log.info("sign-in", {
      userId: "u1",
      password: "hunter2",
      otpCode: "123456",
      totpSecret: "JBSWY3DPEHPK3PXP",
      challengeToken: "tok-abc",
      resetTokenHash: "f00d",
      authorization: "Bearer sekrit",
      apiKey: "re_live_key",
      ok: true,
    });
    log.warn("request", {
      req: { method: "POST", headers: { cookie: "authjs.session-token=jwt-value", authorization: "Bearer nested-sekrit", "user-agent": "Firefox" } },
      user: { id: "u2", password: "nested-hunter2", recovery: { code: "ABCD-EFGH" } },
    });
    const text = lines.join("");
    for (const secret of ["hunter2", "123456", "JBSWY3DPEHPK3PXP", "tok-abc", "f00d", "sekrit", "re_live_key", "jwt-value", "ABCD-EFGH"]) {
      expect(text).not.toContain(secret);
    }
    const [first, second] = parsed();
    expect(first).toMatchObject({ userId: "u1", ok: true, password: CENSOR, otpCode: CENSOR, challengeToken: CENSOR });
    expect(second).toMatchObject({
      req: { method: "POST", headers: { cookie: CENSOR, authorization: CENSOR, "user-agent": "Firefox" } },
      user: { id: "u2", password: CENSOR, recovery: { code: CENSOR } },
    });
  });

  it("pino's own redact paths hold without the facade: headers and secret names one level down", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line: string) => void lines.push(line) });
    logger.info({ req: { headers: { cookie: "sid=abc123", authorization: "Basic dXNlcjpwdw==" } }, user: { password: "hunter2" }, token: "t0k" }, "raw");
    expect(lines.join("")).not.toMatch(/abc123|dXNlcjpwdw|hunter2|t0k/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ req: { headers: { cookie: CENSOR, authorization: CENSOR } }, user: { password: CENSOR }, token: CENSOR });
  });

  it("names the request on every line written inside its scope, and none outside", async () => {
    const { log, parsed } = capture();
    log.info("start-up");
    await inRequestScope("req-1", async () => {
      log.info("first");
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.warn("after an await");
    });
    const [outside, first, later] = parsed();
    expect(outside).not.toHaveProperty("requestId");
    expect(first).toMatchObject({ msg: "first", requestId: "req-1" });
    expect(later).toMatchObject({ msg: "after an await", requestId: "req-1" });
  });
});
