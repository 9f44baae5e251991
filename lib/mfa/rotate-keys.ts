import type { Db } from "@/lib/db";
import { isCurrent, openSecret, sealSecret, SecretBoxError, type KeyRing, type SecretOwner } from "./secret-box";

/** A value that could not be opened: whose it is (a user's TOTP secret or a connection's client secret) and why. */
export type RotationFailure = SecretOwner & { reason: string };

export type RotationReport = { resealed: number; current: number; failed: RotationFailure[] };

const FIELDS = ["totpSecret", "pendingTotpSecret"] as const;

/**
 * Re-seals every TOTP secret (active and pending) and every SSO connection's
 * client secret under the ring's current key in the current, owner-bound
 * form. Idempotent (current values are left alone) and resumable (it walks
 * users, then connections, by id in batches; stopped halfway, the next run
 * finds the rest). Each value is replaced only if it is still the one that
 * was read, so a user enrolling or an administrator saving a new secret
 * meanwhile is never overwritten. A value that cannot be opened (a key no
 * longer configured) is reported, never dropped.
 */
export async function rotateSecrets(db: Db, ring: KeyRing, options: { batchSize?: number; onProgress?: (report: RotationReport) => void } = {}): Promise<RotationReport> {
  const report: RotationReport = { resealed: 0, current: 0, failed: [] };
  const take = options.batchSize ?? 500;
  await rotateUserSecrets(db, ring, report, take, options.onProgress);
  await rotateConnectionSecrets(db, ring, report, take, options.onProgress);
  return report;
}

type Progress = ((report: RotationReport) => void) | undefined;

async function rotateUserSecrets(db: Db, ring: KeyRing, report: RotationReport, take: number, onProgress: Progress) {
  let after: string | undefined;
  for (;;) {
    const users = await db.user.findMany({
      where: { OR: [{ totpSecret: { not: null } }, { pendingTotpSecret: { not: null } }], ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, totpSecret: true, pendingTotpSecret: true },
      orderBy: { id: "asc" },
      take,
    });
    if (users.length === 0) return;
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
    onProgress?.(report);
  }
}

async function rotateConnectionSecrets(db: Db, ring: KeyRing, report: RotationReport, take: number, onProgress: Progress) {
  let after: string | undefined;
  for (;;) {
    const connections = await db.ssoConnection.findMany({
      where: after ? { id: { gt: after } } : {},
      select: { id: true, clientSecret: true, updatedAt: true },
      orderBy: { id: "asc" },
      take,
    });
    if (connections.length === 0) return;
    for (const connection of connections) {
      const sealed = connection.clientSecret;
      if (!sealed) continue;
      if (isCurrent(sealed, ring)) {
        report.current++;
        continue;
      }
      const owner = { connectionId: connection.id, field: "ssoClientSecret" } as const;
      let plaintext: string;
      try {
        plaintext = openSecret(sealed, ring, owner);
      } catch (error) {
        if (!(error instanceof SecretBoxError)) throw error;
        report.failed.push({ ...owner, reason: error.message });
        continue;
      }
      // Same secret, new key: not an administrator's change, so "last updated" stays.
      const { count } = await db.ssoConnection.updateMany({
        where: { id: connection.id, clientSecret: sealed },
        data: { clientSecret: sealSecret(plaintext, ring, owner), updatedAt: connection.updatedAt },
      });
      if (count === 1) report.resealed++;
    }
    after = connections.at(-1)!.id;
    onProgress?.(report);
  }
}
