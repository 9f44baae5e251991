import type { Db } from "@/lib/db";
import { isCurrent, openSecret, sealSecret, SecretBoxError, type KeyRing, type SecretOwner } from "./secret-box";

export type RotationReport = { resealed: number; current: number; failed: { userId: string; field: SecretOwner["field"]; reason: string }[] };

const FIELDS = ["totpSecret", "pendingTotpSecret"] as const;

/**
 * Re-seals every TOTP secret (active and pending) under the ring's current
 * key in the current, owner-bound form. Idempotent (current values are left
 * alone) and resumable (it walks users by id in batches; stopped halfway,
 * the next run finds the rest). Each value is replaced only if it is still
 * the one that was read, so a user enrolling meanwhile is never overwritten.
 * A value that cannot be opened (a key no longer configured) is reported,
 * never dropped.
 */
export async function rotateSecrets(db: Db, ring: KeyRing, options: { batchSize?: number; onProgress?: (report: RotationReport) => void } = {}): Promise<RotationReport> {
  const report: RotationReport = { resealed: 0, current: 0, failed: [] };
  const take = options.batchSize ?? 500;
  let after: string | undefined;
  for (;;) {
    const users = await db.user.findMany({
      where: { OR: [{ totpSecret: { not: null } }, { pendingTotpSecret: { not: null } }], ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, totpSecret: true, pendingTotpSecret: true },
      orderBy: { id: "asc" },
      take,
    });
    if (users.length === 0) return report;
    for (const user of users) {
      for (const field of FIELDS) {
        const sealed = user[field];
        if (!sealed) continue;
        if (isCurrent(sealed, ring)) {
          report.current++;
          continue;
        }
        const owner = { userId: user.id, field };
        let plaintext: string;
        try {
          plaintext = openSecret(sealed, ring, owner, { legacy: true });
        } catch (error) {
          if (!(error instanceof SecretBoxError)) throw error;
          report.failed.push({ ...owner, reason: error.message });
          continue;
        }
        const { count } = await db.user.updateMany({ where: { id: user.id, [field]: sealed }, data: { [field]: sealSecret(plaintext, ring, owner) } });
        if (count === 1) report.resealed++;
      }
    }
    after = users.at(-1)!.id;
    options.onProgress?.(report);
  }
}
