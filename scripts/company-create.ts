// npm run company:create -- --slug <slug> --name "<name>" [--sso]
import { parseArgs } from "node:util";
import { loadEnvFiles } from "../lib/env-file";

loadEnvFiles();

const usage = 'Usage: npm run company:create -- --slug <slug> --name "<company name>" [--sso]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { slug: { type: "string" }, name: { type: "string" }, sso: { type: "boolean", default: false } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 1;
  }
  if (!values.slug || !values.name) {
    console.error(usage);
    return 1;
  }
  const { db } = await import("../lib/db");
  const { createCompany } = await import("../lib/users/create-company");
  try {
    const result = await createCompany(db, { slug: values.slug, name: values.name, sso: values.sso });
    if (!result.ok) {
      console.error(`Could not create company: ${result.message}`);
      return 1;
    }
    console.log(`Created ${values.name} (${values.slug}), signing in with ${values.sso ? "single sign-on" : "passwords"}.`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main().then((code) => process.exit(code));
