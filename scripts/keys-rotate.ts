// npm run keys:rotate: re-seals every TOTP secret and SSO client secret under MFA_ENCRYPTION_KEY
// (keep the old key in MFA_PREVIOUS_KEYS until this has run). Safe to run
// again, and to stop and restart.
import { loadEnvFiles } from "../lib/env-file";

loadEnvFiles();

async function main(): Promise<number> {
  const { env } = await import("../lib/env");
  const { keyRingFrom } = await import("../lib/mfa/secret-box");
  const { rotateSecrets } = await import("../lib/mfa/rotate-keys");
  const { db } = await import("../lib/db");
  const config = env();
  const ring = keyRingFrom({ key: config.MFA_ENCRYPTION_KEY, keyId: config.MFA_ENCRYPTION_KEY_ID, previous: config.MFA_PREVIOUS_KEYS });
  try {
    const report = await rotateSecrets(db, ring, { onProgress: (r) => console.log(`… ${r.resealed} re-sealed, ${r.current} already current`) });
    console.log(`Re-sealed ${report.resealed} secrets under key "${ring.currentId}"; ${report.current} were already current; ${report.failed.length} could not be opened.`);
    for (const failure of report.failed) {
      const owner = "userId" in failure ? `user ${failure.userId}` : `SSO connection ${failure.connectionId}`;
      console.error(`  ${owner} ${failure.field}: ${failure.reason}`);
    }
    return report.failed.length === 0 ? 0 : 1;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`keys:rotate failed: ${error.message}`);
    process.exit(1);
  },
);
