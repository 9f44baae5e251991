/** The callback of a sign-in challenge opened by the mobile apps: only the apps' endpoints redeem it, never a browser. */
export const MOBILE_CHALLENGE = "app:mobile";
