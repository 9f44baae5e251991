"use server";

import { signOut } from "@/auth";

/** Signs out this browser; the signOut event revokes its session row. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
