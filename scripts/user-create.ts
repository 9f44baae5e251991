import { parseArgs } from "node:util";
import { loadEnvFiles } from "../lib/env-file";

loadEnvFiles();

const usage = 'Usage: npm run user:create -- --email <email> --name "<full name>" --password <password> --company <slug>';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: "string" },
        name: { type: "string" },
        password: { type: "string" },
        company: { type: "string" },
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
  const { db } = await import("../lib/db");
  const { createUser } = await import("../lib/users/create-user");
  const result = await createUser(db, {
    email: values.email,
    name: values.name,
    password: values.password,
    company: values.company,
  });
  await db.$disconnect();
  if (!result.ok) {
    console.error(`Could not create user: ${result.message}`);
    return 1;
  }
  console.log(`Created ${values.email.trim().toLowerCase()} in ${values.company}.`);
  return 0;
}

main().then((code) => process.exit(code));
