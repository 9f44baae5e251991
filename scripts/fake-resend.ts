// tsx scripts/fake-resend.ts [--port 4500] [--per-second 2]: a
// stand-in for Resend's email API on loopback (e2e/support/fake-resend.ts),
// for running the suite without the network against a portal that sends
// through "Resend" (e2e/README.md, "Emails from Resend"). The key it accepts
// is FAKE_RESEND_API_KEY (re_fake_demo unless set), from the environment
// rather than the command line, where every user's `ps` shows it. Ctrl-C stops it.
import { parseArgs } from "node:util";
import { startFakeResend } from "../e2e/support/fake-resend";

const { values } = parseArgs({
  options: { port: { type: "string", default: "4500" }, "per-second": { type: "string", default: "2" } },
});
const port = Number(values.port);
const perSecond = Number(values["per-second"]);
if (!Number.isInteger(port) || port < 1 || port > 65535 || !Number.isInteger(perSecond) || perSecond < 1) {
  console.error("--port must be a port number and --per-second a whole number of requests (Resend's default limit is 2).");
  process.exit(2);
}
void startFakeResend({ apiKey: process.env.FAKE_RESEND_API_KEY || "re_fake_demo", port, perSecond }).then((fake) => {
  console.log(`Fake Resend API on ${fake.url}: RESEND_BASE_URL=${fake.url} for the portal, E2E_RESEND_BASE_URL=${fake.url} for the suite.`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
});
