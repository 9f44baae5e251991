// "Forgot your password?" (issue 13): the request, the emailed link, the new
// password and its application. A request answers the same for any email and
// only queues a job; a worker (lib/auth/password-reset-queue.ts) sends the
// link. A new password applies at once without MFA, and only after the
// second factor with it (the OTP step calls applyPasswordReset).
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { emailContextOf } from "@/lib/email/origin";
import { passwordResetLinkEmail, passwordResetNoticeEmail, resetLinkUrl } from "@/lib/email/templates";
import type { EmailMessage, SendOptions } from "@/lib/email/types";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import type { RequestMeta } from "@/lib/security/events";
import { CHALLENGE_TTL_MS, FAILURE_CEILING, LIMITS, MAX_PENDING_CHALLENGES, RESET_LINK_TTL_MS } from "@/lib/security/limits";
import { beginAttempt, limitKey, reserveSql } from "@/lib/security/rate-limit";
import { openChallenge } from "@/lib/sign-in/challenge";
import { findUserByEmail } from "@/lib/users/store";
import { isCommonPassword } from "./common-passwords";
import { hashPassword } from "./password";
import { hashToken, isWellFormedToken, newToken } from "./tokens";

/** Where the portal sends a user after a reset without MFA. */
const AFTER_RESET = "/";

/** A link row that can still be used at `now`: not used, not voided, not expired. */
const liveLink = (now: Date) => ({ usedAt: null, voidedAt: null, expiresAt: { gt: now } });

// ---------------------------------------------------------------------------
// 1. The request

/** The queued job of one request; the same shape for known and unknown emails. */
export type ResetRequestJob = { email: string; ip: string | null; userAgent: string | null; requestedAt: string };

const resetRequestJob = z.object({
  email: z.string().min(1).max(254),
  ip: z.string().max(64).nullable(),
  userAgent: z.string().max(512).nullable(),
  requestedAt: z.iso.datetime(),
});

export type RequestResetDeps = { db: Db; now: Date; meta: RequestMeta; enqueue: (job: ResetRequestJob) => Promise<void> };

export type RequestResetResult = { ok: true } | { ok: false; error: "SSO_REQUIRED" } | { ok: false; error: "TOO_MANY_ATTEMPTS"; retryAt: Date };

/**
 * "Email me a link": the same work for every email, so the answer neither
 * says nor takes longer to say whether an account exists. One attempt against
 * the per-IP limit (20 in 15 minutes), one look-up (an SSO company's user is
 * told to use single sign-on, as the sign-in form's email-first step tells
 * anyone), and one queued job, known email or not. Whether an email goes out
 * is the worker's business (sendResetLink).
 */
export async function requestPasswordReset(deps: RequestResetDeps, input: { email: string }): Promise<RequestResetResult> {
  const { db, now, meta } = deps;
  const email = input.email.trim().toLowerCase();
  const allowed = await beginAttempt(db, "RESET_IP", limitKey(`reset:${meta.ip ?? "unknown"}`), LIMITS.resetPerIp, now);
  if (!allowed.ok) return { ok: false, error: "TOO_MANY_ATTEMPTS", retryAt: allowed.retryAt };
  const user = await findUserByEmail(db, email);
  if (user?.company.signInMethod === "SSO") return { ok: false, error: "SSO_REQUIRED" };
  await deps.enqueue({ email, ip: meta.ip, userAgent: meta.userAgent, requestedAt: now.toISOString() });
  return { ok: true };
}

// ---------------------------------------------------------------------------
// 2. The worker: one link, one email

export type ResetWorkerDeps = {
  db: Db;
  now: Date;
  appName: string;
  /** The portal's public base URL (APP_URL): the link is `<appUrl>/login/reset/<token>`. */
  appUrl: string;
  /** A server-side secret (32 bytes) from which each job's link token is derived. */
  tokenKey: Buffer;
  /** Sends now; throws EmailDeliveryError when not sent (the job is then retried). */
  send: (message: EmailMessage, options: SendOptions) => Promise<void>;
};

export type ResetLinkOutcome = "SENT" | "NO_ACCOUNT" | "LIMITED" | "NOT_LIVE" | "INVALID_JOB";

/**
 * The token of the link a job sends: HMAC-SHA256 of the job id under a
 * server-side key, 256 bits, base64url (the shape of every token here). A
 * job handed out again derives the same token, so a retry after a crash or a
 * failed send mails the same link again instead of voiding the first.
 * Neither the token nor the link is ever stored: the link row keeps its
 * SHA-256, the job only its id.
 */
export function resetLinkToken(tokenKey: Buffer, jobId: string): string {
  return createHmac("sha256", tokenKey).update(`password-reset-link:${jobId}`).digest("base64url");
}

/**
 * Handles one queued request: for a password company's user under the
 * per-account limit (3 emails an hour), voids their older links, stores the
 * new link (its hash, 30 minutes, the row's id is the job's), records the
 * request in their activity and emails the link. Unknown emails and SSO users
 * get nothing. Idempotent per job: the row is created once (in one
 * transaction with the limit, the voiding and the event), and the email
 * goes out with the job's idempotency key, so a job handled twice counts
 * once and sends one email, with a link that works.
 */
export async function sendResetLink(deps: ResetWorkerDeps, job: { id: string; data: unknown }): Promise<ResetLinkOutcome> {
  const { db, now } = deps;
  const parsed = resetRequestJob.safeParse(job.data);
  if (!parsed.success) return "INVALID_JOB";
  const data = parsed.data;
  const token = resetLinkToken(deps.tokenKey, job.id);
  const tokenHash = hashToken(token);
  const withUser = { include: { user: { select: { email: true, timeZone: true } } } } as const;
  let link = await db.passwordResetToken.findUnique({ where: { id: job.id }, ...withUser });
  if (!link) {
    const created = await createLink(deps, job.id, data, tokenHash).catch(async (error: unknown) => {
      // The same job handled at once elsewhere: that one created the row.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return "EXISTS" as const;
      throw error;
    });
    if (created === "NO_ACCOUNT" || created === "LIMITED") return created;
    link = await db.passwordResetToken.findUnique({ where: { id: job.id }, ...withUser });
  }
  // Already handled: mail it (again) only while it works and is this job's link.
  if (!link || link.tokenHash !== tokenHash || link.usedAt || link.voidedAt || link.expiresAt <= now) return "NOT_LIVE";
  // The context is the request's ("Forgot your password?"), kept in the job: its browser, its IP, its moment.
  const requestedAt = new Date(data.requestedAt);
  const context = await emailContextOf({ ip: data.ip, userAgent: data.userAgent }, link.user.timeZone, requestedAt <= now ? requestedAt : now);
  const message = await passwordResetLinkEmail(deps.appName, link.user.email, resetLinkUrl(deps.appUrl, token), RESET_LINK_TTL_MS / 60_000, context);
  await deps.send(message, { idempotencyKey: `password-reset:${job.id}` });
  return "SENT";
}

async function createLink(deps: ResetWorkerDeps, id: string, data: ResetRequestJob, tokenHash: string): Promise<"CREATED" | "NO_ACCOUNT" | "LIMITED"> {
  const { db, now } = deps;
  const email = data.email.trim().toLowerCase();
  const user = await findUserByEmail(db, email);
  if (!user || user.company.signInMethod !== "PASSWORD") return "NO_ACCOUNT";
  const requestedAt = new Date(data.requestedAt);
  return db.$transaction(async (tx) => {
    // Every email counts, sent or not: 3 an hour per account, then nothing until the hour has passed.
    const reserved = await tx.$queryRaw<{ failures: number }[]>(reserveSql("RESET_ACCOUNT", limitKey(email), LIMITS.resetPerAccount, now));
    if (reserved.length === 0) return "LIMITED";
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null, voidedAt: null }, data: { voidedAt: now } });
    await tx.passwordResetToken.create({ data: { id, userId: user.id, tokenHash, expiresAt: new Date(now.getTime() + RESET_LINK_TTL_MS), createdAt: now } });
    await tx.securityEvent.create({
      data: { userId: user.id, type: "PASSWORD_RESET_REQUESTED", ip: data.ip, userAgent: data.userAgent, createdAt: requestedAt <= now ? requestedAt : now },
    });
    return "CREATED";
  });
}

// ---------------------------------------------------------------------------
// 3. The link page and the new password

type LiveLink = { id: string; userId: string; user: { email: string; mfaMethod: MfaMethod; company: { signInMethod: string } } };

function findLiveLink(db: Db, token: unknown, now: Date): Promise<LiveLink | null> {
  if (!isWellFormedToken(token)) return Promise.resolve(null);
  return db.passwordResetToken.findFirst({
    where: { tokenHash: hashToken(token), ...liveLink(now) },
    select: { id: true, userId: true, user: { select: { email: true, mfaMethod: true, company: { select: { signInMethod: true } } } } },
  });
}

/** Whether the link page may ask for a new password (reading the link does not use it up). */
export async function isResetLinkLive(db: Db, token: unknown, now: Date): Promise<boolean> {
  const link = await findLiveLink(db, token, now);
  return link !== null && link.user.company.signInMethod === "PASSWORD";
}

export type ResetDeps = {
  db: Db;
  now: Date;
  meta?: RequestMeta;
  appName: string;
  /** Queues a security notice; must not throw. */
  notify: (message: EmailMessage) => Promise<void>;
};

export type ChoosePasswordResult =
  /** Applied: the completed challenge to hand to NextAuth (completeSignIn). */
  | { ok: true; next: "SIGN_IN"; challengeToken: string; email: string; redirectTo: string }
  /** Stored until the second factor: the pending challenge for the cookie, then /login/verify. */
  | { ok: true; next: "VERIFY"; challengeToken: string; mfaMethod: Exclude<MfaMethod, "NONE"> }
  | { ok: false; error: "RESET_LINK_INVALID" | "PASSWORD_TOO_COMMON" | "SSO_REQUIRED" };

const invalidLink = { ok: false, error: "RESET_LINK_INVALID" } as const;

/**
 * "Change password" on the link page. Re-checks the link, refuses a common
 * password (changing nothing), hashes the new one (argon2id) and keeps it on
 * the link row. Without MFA it is applied at once (applyPasswordReset) and a
 * completed challenge signs the user in. With MFA nothing about the account
 * changes yet: a pending challenge bound to the link (any earlier one of this
 * link is voided) waits at /login/verify, whose right code applies it.
 */
export async function choosePassword(deps: ResetDeps, input: { token: string; newPassword: string }): Promise<ChoosePasswordResult> {
  const { db, now } = deps;
  const link = await findLiveLink(db, input.token, now);
  if (!link) return invalidLink;
  if (link.user.company.signInMethod !== "PASSWORD") return { ok: false, error: "SSO_REQUIRED" };
  if (isCommonPassword(input.newPassword)) return { ok: false, error: "PASSWORD_TOO_COMMON" };
  const newPasswordHash = await hashPassword(input.newPassword);
  const { mfaMethod } = link.user;

  if (mfaMethod === "NONE") {
    const stored = await db.passwordResetToken.updateMany({ where: { id: link.id, ...liveLink(now) }, data: { newPasswordHash } });
    if (stored.count !== 1) return invalidLink;
    const applied = await applyPasswordReset(deps, { resetTokenId: link.id, userId: link.userId });
    if (!applied.ok) return applied;
    const { token } = await openChallenge(db, { userId: link.userId, callbackUrl: AFTER_RESET, mfaRequired: false, now });
    return { ok: true, next: "SIGN_IN", challengeToken: token, email: link.user.email, redirectTo: AFTER_RESET };
  }

  const challengeToken = await db.$transaction(async (tx) => {
    // Not while a challenge of this link has its code accepted and is about to apply the stored password.
    const stored = await tx.passwordResetToken.updateMany({
      where: { id: link.id, ...liveLink(now), challenges: { none: { completedAt: { not: null }, consumedAt: null } } },
      data: { newPasswordHash },
    });
    if (stored.count !== 1) return null;
    // The password chosen last is the one a code applies: earlier challenges of this link are void.
    await tx.loginChallenge.updateMany({ where: { resetTokenId: link.id, completedAt: null, consumedAt: null }, data: { consumedAt: now } });
    // As at the password step, at most 5 challenges of an account wait for a code: the oldest beyond that are voided.
    const waiting = await tx.loginChallenge.findMany({
      where: { userId: link.userId, completedAt: null, consumedAt: null, expiresAt: { gt: now } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: MAX_PENDING_CHALLENGES - 1,
      select: { id: true },
    });
    if (waiting.length) await tx.loginChallenge.updateMany({ where: { id: { in: waiting.map((c) => c.id) } }, data: { consumedAt: now } });
    const { token, tokenHash } = newToken();
    await tx.loginChallenge.create({
      data: { tokenHash, userId: link.userId, callbackUrl: AFTER_RESET, amr: "pwd", resetTokenId: link.id, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS), createdAt: now },
    });
    // As openChallenge does: the account's OTP counter row exists before any code is checked.
    await tx.limitCounter.createMany({
      data: [{ scope: "OTP_ACCOUNT", key: limitKey(`user:${link.userId}`), failures: 0, windowStart: now, updatedAt: now }],
      skipDuplicates: true,
    });
    return token;
  });
  if (!challengeToken) return invalidLink;
  return { ok: true, next: "VERIFY", challengeToken, mfaMethod };
}

// ---------------------------------------------------------------------------
// 4. Applying it

export type ApplyResetResult = { ok: true } | { ok: false; error: "RESET_LINK_INVALID" };

/**
 * Applies the new password stored on a link, in one transaction: the link is
 * used up by a conditional update (unused, not voided, unexpired, a password
 * chosen, a password company's user: of concurrent calls one wins, and when
 * none can, nothing changes), the password is replaced, the user's other
 * links are voided, every session is signed out, every other sign-in waiting
 * to finish is voided, and the password failure ceiling (100 in a row) is
 * lifted, recorded when it had been reached. The activity shows the reset;
 * the owner is emailed a notice after the commit.
 *
 * Called by choosePassword without MFA, and by the OTP step once the second
 * factor of a challenge with `resetTokenId` is proven.
 */
export async function applyPasswordReset(deps: ResetDeps, input: { resetTokenId: string; userId: string }): Promise<ApplyResetResult> {
  const { db, now } = deps;
  const ip = deps.meta?.ip ?? null;
  const userAgent = deps.meta?.userAgent ?? null;
  const applied = await db.$transaction(async (tx) => {
    const [link] = await tx.passwordResetToken.updateManyAndReturn({
      where: {
        id: input.resetTokenId,
        userId: input.userId,
        ...liveLink(now),
        newPasswordHash: { not: null },
        user: { company: { signInMethod: "PASSWORD" } },
      },
      data: { usedAt: now },
      select: { newPasswordHash: true },
    });
    if (!link?.newPasswordHash) return null;
    const user = await tx.user.update({ where: { id: input.userId }, data: { passwordHash: link.newPasswordHash }, select: { email: true, timeZone: true } });
    await tx.passwordResetToken.updateMany({ where: { userId: input.userId, usedAt: null, voidedAt: null }, data: { voidedAt: now } });
    // Whoever knew the old password loses every session and every sign-in in flight (this reset's own challenge excepted).
    await tx.userSession.updateMany({ where: { userId: input.userId, revokedAt: null }, data: { revokedAt: now } });
    await tx.loginChallenge.updateMany({
      where: { userId: input.userId, consumedAt: null, OR: [{ resetTokenId: null }, { resetTokenId: { not: input.resetTokenId } }] },
      data: { consumedAt: now },
    });
    const key = limitKey(user.email);
    const [counter] = await tx.$queryRaw<{ streak: number }[]>`
      SELECT streak FROM "LimitCounter" WHERE scope = 'PASSWORD_ACCOUNT'::"AttemptScope" AND key = ${key} FOR UPDATE`;
    if (counter) {
      await tx.limitCounter.update({
        where: { scope_key: { scope: "PASSWORD_ACCOUNT", key } },
        data: { failures: 0, streak: 0, lockedUntil: null, lockedBy: null, updatedAt: now },
      });
    }
    const lifted = (counter?.streak ?? 0) >= FAILURE_CEILING;
    await tx.securityEvent.createMany({
      data: [
        { userId: input.userId, type: "PASSWORD_RESET", ip, userAgent, createdAt: now },
        ...(lifted ? [{ userId: input.userId, type: "SIGN_IN_UNLOCKED" as const, detail: "a password reset", ip, userAgent, createdAt: now }] : []),
      ],
    });
    return { email: user.email, timeZone: user.timeZone, lifted };
  });
  if (!applied) return invalidLink;
  log.info("password reset", { userId: input.userId, ceilingLifted: applied.lifted });
  await deps.notify(await passwordResetNoticeEmail(deps.appName, applied.email, await emailContextOf(deps.meta, applied.timeZone, now)));
  return { ok: true };
}
