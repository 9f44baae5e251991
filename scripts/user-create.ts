import { parseArgs } from "node:util";
import { readSecretFromStdin } from "./read-secret";
import { loadEnvFiles } from "../lib/env-file";

loadEnvFiles();

const usage =
  'Usage: npm run user:create -- --email <email> --name "<full name>" --company <slug> [--role staff|admin]\n' +
  "The password is read from standard input (typed at a prompt, or piped: printf '%s\\n' \"$PASSWORD\" | npm run user:create -- ...).";

const readPassword = () => readSecretFromStdin("Password (leave empty for a single sign-on company): ");

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: "string" },
        name: { type: "string" },
        password: { type: "string" },
        company: { type: "string" },
        role: { type: "string", default: "staff" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 1;
  }
  if (!values.email || !values.name || !values.company) {
    console.error(usage);
    return 1;
  }
  if (values.password) {
    console.error("Warning: --password is visible in the process list and the shell history; leave it out to type the password or pipe it on standard input.");
  }
  const password = values.password ?? (await readPassword());
  const { db } = await import("../lib/db");
  const { createUser } = await import("../lib/users/create-user");
  const result = await createUser(db, {
    email: values.email,
    name: values.name,
    password,
    company: values.company,
    role: values.role as "staff" | "admin",
  });
  await db.$disconnect();
  if (!result.ok) {
    console.error(`Could not create user: ${result.message}`);
    return 1;
  }
  console.log(`Created ${values.email.trim().toLowerCase()} in ${values.company}${values.role === "admin" ? " as an administrator" : ""}.`);
  return 0;
}

main().then((code) => process.exit(code));
