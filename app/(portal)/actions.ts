"use server";

import { signOut } from "@/auth";
import { withRequest } from "@/lib/with-request";

/** Signs out this browser; the signOut event revokes its session row. */
export const signOutAction = withRequest(async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
});
