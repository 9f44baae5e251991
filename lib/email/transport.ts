import type { Env } from "@/lib/env";

/**
 * Which transport the configuration selects: EMAIL_TRANSPORT when set, else
 * Resend when a key is set, else the outbox outside production. Null means
 * production without any way to send email.
 */
/** Whether /dev/mailbox exists: the outbox transport, and in production only for the demo (PORTAL_DEMO=1). */
export function mailboxEnabled(env: Pick<Env, "EMAIL_TRANSPORT" | "RESEND_API_KEY" | "NODE_ENV" | "PORTAL_DEMO">): boolean {
  return chooseTransport(env) === "outbox" && (env.NODE_ENV !== "production" || env.PORTAL_DEMO === "1");
}

export function chooseTransport(env: Pick<Env, "EMAIL_TRANSPORT" | "RESEND_API_KEY" | "NODE_ENV">): "resend" | "outbox" | null {
  if (env.EMAIL_TRANSPORT) return env.EMAIL_TRANSPORT;
  if (env.RESEND_API_KEY) return "resend";
  return env.NODE_ENV === "production" ? null : "outbox";
}
