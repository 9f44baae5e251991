import type { Db } from "@/lib/db";
import { LIMITS } from "@/lib/security/limits";
import { beginAttempt, limitKey } from "@/lib/security/rate-limit";
import { findUserByEmail } from "@/lib/users/store";

/**
 * How an email signs in: "SSO" for users of SSO companies, "PASSWORD" for
 * everyone else, unknown emails included (so the answer reveals only what the
 * product shows anyway: that a company uses single sign-on). At most 60
 * look-ups per client IP in 15 minutes; past that every email answers
 * "PASSWORD" without a look-up, so addresses cannot be sorted one at a time
 * (an SSO user is still sent to single sign-on by the password step).
 */
export async function signInMethodFor(db: Db, email: string, client: { ip: string | null; now: Date }): Promise<"SSO" | "PASSWORD"> {
  const allowed = await beginAttempt(db, "LOOKUP_IP", limitKey(`lookup:${client.ip ?? "unknown"}`), LIMITS.lookupPerIp, client.now);
  if (!allowed.ok) return "PASSWORD";
  const user = await findUserByEmail(db, email);
  return user?.company.signInMethod === "SSO" ? "SSO" : "PASSWORD";
}
