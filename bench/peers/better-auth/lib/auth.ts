import { betterAuth } from "better-auth";
import { newPool, peerAuthOptions } from "./options";

function create() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  return betterAuth(peerAuthOptions({ pool: newPool(databaseUrl, Number(process.env.PEER_POOL_SIZE ?? 10)) }));
}

let instance: ReturnType<typeof create> | undefined;

/** The better-auth instance, made on first use (never at build time). */
export function getAuth() {
  instance ??= create();
  return instance;
}
