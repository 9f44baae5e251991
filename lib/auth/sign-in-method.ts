import type { Db } from "@/lib/db";
import { findUserByEmail } from "@/lib/users/store";

/**
 * How an email signs in: "SSO" for users of SSO companies, "PASSWORD" for
 * everyone else, unknown emails included (so the answer reveals only what the
 * product shows anyway: that a company uses single sign-on).
 */
export async function signInMethodFor(db: Db, email: string): Promise<"SSO" | "PASSWORD"> {
  const user = await findUserByEmail(db, email);
  return user?.company.signInMethod === "SSO" ? "SSO" : "PASSWORD";
}
