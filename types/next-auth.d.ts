import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    amr: string[];
    sid?: string;
  }
  interface User {
    amr?: string[];
    /** The session row a redeemed challenge created. */
    sid?: string;
    userAgent?: string | null;
    ip?: string | null;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
    amr?: string[];
  }
}
