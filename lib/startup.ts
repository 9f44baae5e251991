import { chooseTransport } from "./email/transport";
import { env, EnvError, type Env } from "./env";

/** Warnings about a valid but risky configuration, and errors that must stop start-up. */
export function configurationProblems(config: Env): { error: string | null; warnings: string[] } {
  const transport = chooseTransport(config);
  if (config.NODE_ENV !== "production") return { error: null, warnings: [] };
  if (transport === null) {
    return {
      error: "Invalid configuration: no email transport in production. Set RESEND_API_KEY (or EMAIL_TRANSPORT=outbox for a local demo).",
      warnings: [],
    };
  }
  if (transport === "outbox" && config.PORTAL_DEMO !== "1") {
    return {
      error:
        "Invalid configuration: EMAIL_TRANSPORT=outbox is refused in production (its /dev/mailbox page would show every sign-in code to anyone). Set RESEND_API_KEY; PORTAL_DEMO=1 is for the local demo only.",
      warnings: [],
    };
  }
  const warnings =
    transport === "outbox"
      ? [
          "WARNING: PORTAL_DEMO=1 with EMAIL_TRANSPORT=outbox in production. Emails are NOT sent: they are stored and shown at /dev/mailbox. Use this only for a local demo or tests.",
        ]
      : [];
  return { error: null, warnings };
}

/** Validates configuration at server start; a bad one stops the process with one line. */
export function checkConfigurationOrExit(): void {
  let problems: { error: string | null; warnings: string[] };
  try {
    problems = configurationProblems(env());
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    problems = { error: error.message, warnings: [] };
  }
  for (const warning of problems.warnings) console.warn(warning);
  if (problems.error) {
    console.error(problems.error);
    process.exit(1);
  }
}
