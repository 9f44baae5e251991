// The fixtures' account maker: one process per Playwright worker, on the
// database under test (DATABASE_URL: the suite's, or E2E_DATABASE_URL).
// - `user`: creates a user with the code of `npm run user:create`
//   (lib/users/create-user.ts). Works against any deployment.
// - `enrol`: turns MFA on with the code behind Account settings' "Save" and
//   code confirmation (lib/mfa/settings.ts: password re-checked, the secret
//   sealed with the portal's key, recovery codes issued, the notice sent to
//   the outbox). Needs the portal's MFA key, so only against the suite's own
//   servers; against a deployment the fixtures do it in a browser.
// A process of its own because the Prisma client is an ES module that
// Playwright's test transform cannot load; one per worker, not one per user,
// because starting tsx costs about a second.
//
// Protocol, over Node's IPC channel (standard output stays the app's logs):
// requests `{ id, user: CreateUserInput }` or `{ id, enrol: EnrolInput }`,
// answers `{ id, result }` or `{ id, error: "message" }`. Ends when the
// channel closes (the worker stopped it, or died).
import type { CreateUserInput } from "../../lib/users/create-user";

export type EnrolInput = { userId: string; password: string; method: "TOTP" | "EMAIL" };
/** `secret` and `step` (the step whose code confirmed it) for an authenticator; the recovery codes issued. */
export type Enrolled = { ok: true; secret?: string; step?: number; recoveryCodes: string[] } | { ok: false; error: string };

type Request = { id: number; user?: CreateUserInput; enrol?: EnrolInput };

/** A new user turning MFA on is always shown a set: its absence is a defect, said at once. */
const NO_CODES: Enrolled = { ok: false, error: "MFA was turned on but no recovery codes were issued" };

const pending = new Set<Promise<void>>();

// The app's modules load after the handlers are in place: a channel closed
// while they load still ends the process.
const app = (async () => {
  const [{ db }, { createUser }, settings, { keyRingFrom }, { outboxTransport }, { timeStep, totpCodeAtStep }, { env }, { hkdfSync }] = await Promise.all([
    import("../../lib/db"),
    import("../../lib/users/create-user"),
    import("../../lib/mfa/settings"),
    import("../../lib/mfa/secret-box"),
    import("../../lib/email/outbox"),
    import("../../lib/mfa/totp"),
    import("../../lib/env"),
    import("node:crypto"),
  ]);

  /** What a request of the portal carries (lib/request-context.ts), the outbox as the mailer. */
  function deps() {
    const config = env();
    const ring = keyRingFrom({ key: config.MFA_ENCRYPTION_KEY, keyId: config.MFA_ENCRYPTION_KEY_ID, previous: config.MFA_PREVIOUS_KEYS });
    const emailKey = Buffer.from(hkdfSync("sha256", ring.keys[ring.currentId]!, Buffer.alloc(0), "staff-portal/email-code-hmac", 32));
    const outbox = outboxTransport(db);
    let lastSent = "";
    const send = async (message: { to: string; subject: string; text: string; html: string }) => {
      lastSent = message.text;
      await outbox.send(message);
    };
    return { db, ring, emailKey, send, notify: send, appName: config.APP_NAME, now: new Date(), lastSent: () => lastSent };
  }

  async function enrol(input: EnrolInput): Promise<Enrolled> {
    const context = deps();
    const caller = { userId: input.userId, sessionId: undefined };
    const started = await settings.startMfaChange(context, caller, { method: input.method, currentPassword: input.password });
    if (!started.ok) return { ok: false, error: started.error };
    if (started.state === "totp-pending") {
      // Confirmed with the previous step's code (accepted: ±1 step), so that the current one still works for the test.
      const step = timeStep(context.now) - 1;
      const confirmed = await settings.confirmAuthenticator(context, caller, totpCodeAtStep(started.secret, step));
      if (!confirmed.ok) return { ok: false, error: confirmed.error };
      return confirmed.recoveryCodes ? { ok: true, secret: started.secret, step, recoveryCodes: confirmed.recoveryCodes } : NO_CODES;
    }
    if (started.state !== "email-pending") return { ok: false, error: `unexpected state ${started.state}` };
    const code = /^(\d{6})$/m.exec(context.lastSent())?.[1];
    if (!code) return { ok: false, error: "no enrolment code was emailed" };
    const confirmed = await settings.confirmEmailMethod(context, caller, code);
    if (!confirmed.ok) return { ok: false, error: confirmed.error };
    return confirmed.recoveryCodes ? { ok: true, recoveryCodes: confirmed.recoveryCodes } : NO_CODES;
  }

  return { createUser: (input: CreateUserInput) => createUser(db, input), enrol };
})();

async function handle(request: Request) {
  try {
    const { createUser, enrol } = await app;
    const result = request.user ? await createUser(request.user) : await enrol(request.enrol!);
    process.send!({ id: request.id, result });
  } catch (error) {
    process.send!({ id: request.id, error: (error as Error).message });
  }
}

process.on("message", (request: Request) => {
  const task = handle(request).finally(() => pending.delete(task));
  pending.add(task);
});
// The worker is done (or gone): finish what was asked, then exit (the pool's
// connections close with the process).
const finish = () => void Promise.allSettled(pending).then(() => process.exit(0));
process.on("disconnect", finish);
if (!process.connected) finish(); // closed while this process was starting
