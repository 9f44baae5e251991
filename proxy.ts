import NextAuth from "next-auth";
import { authConfig } from "./auth.config";

// Optimistic redirects only: pages and actions check the session themselves.
const { auth } = NextAuth(authConfig);
export default auth;

export const config = {
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico).*)"],
};
