import type { Db } from "@/lib/db";
import { LIMITS } from "@/lib/security/limits";
import { beginAttempt, limitKey } from "@/lib/security/rate-limit";
import { routeForEmail } from "@/lib/sso/connections";

/** What the sign-in form shows for an email: the password field, or its company's identity provider's button. */
export type SignInRoute = { method: "PASSWORD" } | { method: "SSO"; label: string };

/**
 * How an email signs in, from its domain alone: "Sign in with <name>" for a
 * domain of a company with an enabled SSO connection, the password field for
 * anything else, whether or not the user exists (so nothing about users is
 * told, one address at a time or otherwise). At most 60 look-ups per client
 * IP in 15 minutes; past that every email answers PASSWORD without a
 * look-up (an SSO company's user is still offered their button by the
 * password step's answer).
 */
export async function signInMethodFor(db: Db, email: string, client: { ip: string | null; now: Date }): Promise<SignInRoute> {
  const allowed = await beginAttempt(db, "LOOKUP_IP", limitKey(`lookup:${client.ip ?? "unknown"}`), LIMITS.lookupPerIp, client.now);
  if (!allowed.ok) return { method: "PASSWORD" };
  const route = await routeForEmail(db, email);
  return route ? { method: "SSO", label: `Sign in with ${route.displayName}` } : { method: "PASSWORD" };
}
