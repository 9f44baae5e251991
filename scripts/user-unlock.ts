// npm run user:unlock -- --email <email> [--by "<who>"]: lifts a sign-in
// disabled by 100 failures in a row (and any running lock), on the record.
import os from "node:os";
import { parseArgs } from "node:util";
import { loadEnvFiles } from "../lib/env-file";

loadEnvFiles();

const usage = 'Usage: npm run user:unlock -- --email <email> [--by "<who is doing this>"]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { email: { type: "string" }, by: { type: "string" } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 1;
  }
  if (!values.email) {
    console.error(usage);
    return 1;
  }
  const { db } = await import("../lib/db");
  const { unlockSignIn } = await import("../lib/security/unlock");
  const by = values.by ?? `${os.userInfo().username} (user:unlock)`;
  try {
    const result = await unlockSignIn(db, { email: values.email, by, now: new Date() });
    if (!result.ok) {
      console.error(`No user with email ${values.email.trim().toLowerCase()}.`);
      return 1;
    }
    const what = [result.lifted.password && "password", result.lifted.otp && "one-time passwords"].filter(Boolean).join(" and ");
    console.log(what ? `Lifted the block on ${what} for ${values.email}; recorded as done by ${by}.` : `Nothing was blocked for ${values.email}; recorded as checked by ${by}.`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main().then((code) => process.exit(code));
