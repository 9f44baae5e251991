// The mobile apps' devices and tokens (issue 17). A device is a session row
// of kind MOBILE, so every path that ends a user's sessions (a password
// change or reset, an MFA change, "Sign out other sessions", an
// administrator's access code, "Sign out" on its row in Active sessions)
// ends its devices too. Tokens are opaque random strings; the database keeps
// their SHA-256 only. Opaque rather than signed JWTs: every call looks the
// token up anyway to know that its device still stands, so a signature would
// add a key to manage and no saved query.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { mfaStatus } from "@/lib/company/mfa-status";
import { SECOND_FACTORS } from "@/lib/sign-in/decision";
import { recordEvent, type RequestMeta } from "@/lib/security/events";
import { SESSION_TOUCH_INTERVAL_MS } from "@/lib/security/limits";

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
/** An access token works for 15 minutes. */
export const ACCESS_TOKEN_TTL_MS = 15 * MINUTE;
/** A refresh token works once, within 30 days of being issued... */
export const REFRESH_IDLE_MS = 30 * DAY;
/** ...and a device stays signed in for at most 90 days in total. */
export const DEVICE_MAX_AGE_MS = 90 * DAY;

export type MobileTokens = { accessToken: string; accessTokenExpiresAt: Date; refreshToken: string };

const ACCESS_PREFIX = "spa_";
const REFRESH_PREFIX = "spr_";
const TOKEN_SHAPE = /^sp[ar]_[A-Za-z0-9_-]{43}$/;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;

/** Whether a value looks like one of our tokens (anything else is never looked up). */
export const isMobileToken = (value: unknown, kind: "access" | "refresh"): value is string =>
  typeof value === "string" && TOKEN_SHAPE.test(value) && value.startsWith(kind === "access" ? ACCESS_PREFIX : REFRESH_PREFIX);

/** Where a device is still signed in at `now`: not revoked, under 90 days old, used within 30 days. */
export function liveDeviceWhere(now: Date) {
  return {
    kind: "MOBILE" as const,
    revokedAt: null,
    createdAt: { gt: new Date(now.getTime() - DEVICE_MAX_AGE_MS) },
    lastSeenAt: { gt: new Date(now.getTime() - REFRESH_IDLE_MS) },
  };
}

/** A new access and refresh token pair for a device, inside the caller's transaction. */
async function issueTokens(tx: Prisma.TransactionClient, device: { id: string; createdAt: Date }, now: Date): Promise<MobileTokens> {
  const accessToken = newToken(ACCESS_PREFIX);
  const refreshToken = newToken(REFRESH_PREFIX);
  const accessTokenExpiresAt = new Date(now.getTime() + ACCESS_TOKEN_TTL_MS);
  // 30 days unused, and never past the device's 90 days.
  const refreshExpiresAt = new Date(Math.min(now.getTime() + REFRESH_IDLE_MS, device.createdAt.getTime() + DEVICE_MAX_AGE_MS));
  await tx.mobileToken.createMany({
    data: [
      { sessionId: device.id, kind: "ACCESS", tokenHash: hash(accessToken), expiresAt: accessTokenExpiresAt, createdAt: now },
      { sessionId: device.id, kind: "REFRESH", tokenHash: hash(refreshToken), expiresAt: refreshExpiresAt, createdAt: now },
    ],
  });
  return { accessToken, accessTokenExpiresAt, refreshToken };
}

/**
 * Signs a device in: its session row, its first tokens, the user's "last
 * signed in" and the sign-in in their activity ("Signed in on a mobile app").
 * `tx` is the transaction that consumed what proved the sign-in.
 */
export async function startDevice(
  tx: Prisma.TransactionClient,
  input: { userId: string; amr: string; deviceName: string; meta?: RequestMeta; now: Date },
): Promise<MobileTokens & { deviceId: string }> {
  const { now } = input;
  const device = await tx.userSession.create({
    data: {
      id: randomBytes(24).toString("base64url"),
      userId: input.userId,
      kind: "MOBILE",
      deviceName: input.deviceName,
      amr: input.amr,
      userAgent: input.meta?.userAgent?.slice(0, 512) ?? null,
      ip: input.meta?.ip?.slice(0, 64) ?? null,
      createdAt: now,
      lastSeenAt: now,
    },
  });
  const tokens = await issueTokens(tx, device, now);
  await tx.user.update({ where: { id: input.userId }, data: { lastSignInAt: now } });
  await recordEvent(tx as Db, { userId: input.userId, type: "SIGN_IN_SUCCESS", detail: "mobile", meta: input.meta, now });
  return { ...tokens, deviceId: device.id };
}

type DeviceCompany = {
  signInMethod: "PASSWORD" | "SSO";
  mfaRequired: boolean;
  mfaRequiredSince: Date | null;
  mfaGraceDays: number;
  mfaAllowedMethods: "ANY" | "TOTP_ONLY";
  mfaRequiredOnMobile: boolean;
};
type DeviceOwner = { mfaMethod: "NONE" | "TOTP" | "EMAIL"; createdAt: Date; mfaResetAt: Date | null; mfaExemptUntil: Date | null; company: DeviceCompany };

/**
 * Whether a signed-in device may still be used, by what its company asks
 * now: a password device of a company that moved to single sign-on may not;
 * under "Require MFA in the mobile apps too", neither may a device signed in
 * without a second factor by a user who has MFA on, nor the device of a user
 * past the company's MFA deadline (on the web they could only set MFA up).
 */
export function deviceStillAllowed(amr: string, user: DeviceOwner, now: Date): boolean {
  const proofs = amr.split(" ");
  const sso = proofs.includes("ext");
  if (user.company.signInMethod === "SSO" ? !sso : sso) return false;
  if (sso || !user.company.mfaRequiredOnMobile) return true;
  if (user.mfaMethod !== "NONE" && !proofs.some((proof) => SECOND_FACTORS.includes(proof))) return false;
  return mfaStatus(user, user.company, now).kind !== "overdue";
}

export type DeviceUser = {
  deviceId: string;
  user: { id: string; name: string; email: string; company: { name: string; slug: string } };
};

/**
 * The device and user behind an access token, or null when the token is
 * unknown, expired, or its device is signed out. "Last used" and the
 * address are refreshed at most once a minute.
 */
export async function authenticateAccessToken(db: Db, token: unknown, meta: RequestMeta, now: Date): Promise<DeviceUser | null> {
  if (!isMobileToken(token, "access")) return null;
  const row = await db.mobileToken.findUnique({
    where: { tokenHash: hash(token) },
    include: { session: { include: { user: { include: { company: true } } } } },
  });
  if (!row || row.kind !== "ACCESS" || row.expiresAt <= now) return null;
  const device = row.session;
  const live = liveDeviceWhere(now);
  if (device.kind !== "MOBILE" || device.revokedAt || device.createdAt <= live.createdAt.gt || device.lastSeenAt <= live.lastSeenAt.gt) return null;
  if (!deviceStillAllowed(device.amr, device.user, now)) return null;
  if (now.getTime() - device.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    await db.userSession.updateMany({
      where: { id: device.id, revokedAt: null },
      data: { lastSeenAt: now, ...(meta.ip ? { ip: meta.ip.slice(0, 64) } : {}) },
    });
  }
  const { user } = device;
  return { deviceId: device.id, user: { id: user.id, name: user.name, email: user.email, company: { name: user.company.name, slug: user.company.slug } } };
}

export type RefreshResult =
  | ({ ok: true } & MobileTokens)
  | { ok: false; error: "INVALID_TOKEN" }
  /** A refresh token used before was presented again: its device is signed out. */
  | { ok: false; error: "TOKEN_REUSED" };

/**
 * Rotates a refresh token: it is marked used (a conditional update, so of
 * two concurrent uses one wins) and the next pair is issued. A used token
 * presented again means it was copied: the whole device is signed out and
 * the owner's activity says so.
 */
export async function refreshTokens(db: Db, token: unknown, meta: RequestMeta, now: Date): Promise<RefreshResult> {
  if (!isMobileToken(token, "refresh")) return { ok: false, error: "INVALID_TOKEN" };
  const tokenHash = hash(token);
  const rotated = await db
    .$transaction(async (tx) => {
    const { count } = await tx.mobileToken.updateMany({
      where: { tokenHash, kind: "REFRESH", usedAt: null, expiresAt: { gt: now }, session: liveDeviceWhere(now) },
      data: { usedAt: now },
    });
    if (count !== 1) return null;
    const { session: device } = await tx.mobileToken.findUniqueOrThrow({
      where: { tokenHash },
      include: { session: { include: { user: { include: { company: true } } } } },
    });
    if (!deviceStillAllowed(device.amr, device.user, now)) throw new NotAllowed();
    await tx.userSession.update({ where: { id: device.id }, data: { lastSeenAt: now, ...(meta.ip ? { ip: meta.ip.slice(0, 64) } : {}) } });
    return issueTokens(tx, device, now);
  })
    .catch((error: unknown) => {
      if (error instanceof NotAllowed) return "not-allowed" as const;
      throw error;
    });
  if (rotated === "not-allowed") return { ok: false, error: "INVALID_TOKEN" };
  if (rotated) return { ok: true, ...rotated };

  const known = await db.mobileToken.findUnique({ where: { tokenHash }, include: { session: true } });
  if (!known || known.kind !== "REFRESH" || !known.usedAt) return { ok: false, error: "INVALID_TOKEN" };
  const { count } = await db.userSession.updateMany({ where: { id: known.sessionId, revokedAt: null }, data: { revokedAt: now } });
  if (count === 1) {
    await recordEvent(db, { userId: known.session.userId, type: "MOBILE_TOKEN_REUSED", detail: known.session.deviceName ?? undefined, meta, now });
  }
  return { ok: false, error: "TOKEN_REUSED" };
}

/** "Sign out" from the app: the device of this access token is signed out. False when the token is not a live one. */
export async function signOutDevice(db: Db, token: unknown, meta: RequestMeta, now: Date): Promise<boolean> {
  const device = await authenticateAccessToken(db, token, meta, now);
  if (!device) return false;
  const { count } = await db.userSession.updateMany({ where: { id: device.deviceId, revokedAt: null }, data: { revokedAt: now } });
  return count === 1;
}

/** Thrown inside a refresh's transaction to roll it back: the device may no longer be used. */
class NotAllowed extends Error {}
