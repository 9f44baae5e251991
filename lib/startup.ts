import { chooseTransport } from "./email/transport";
import { env, EnvError } from "./env";

/** Validates configuration at server start; a bad one stops the process with one line. */
export function checkConfigurationOrExit(): void {
  try {
    const config = env();
    const transport = chooseTransport(config);
    if (config.NODE_ENV === "production" && transport === null) {
      throw new EnvError("Invalid configuration: no email transport in production. Set RESEND_API_KEY (or EMAIL_TRANSPORT=outbox for a local demo).");
    }
    if (config.NODE_ENV === "production" && transport === "outbox") {
      console.warn(
        "WARNING: EMAIL_TRANSPORT=outbox in production. Emails are NOT sent: they are stored and shown to anyone at /dev/mailbox. Use this only for a local demo or tests.",
      );
    }
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
