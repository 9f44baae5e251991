/**
 * Every limit and window of the sign-in flow, in one place. Tighter than
 * OWASP ASVS 2.2.1 (100 failures an hour) and better-auth's defaults.
 */
const MINUTE = 60 * 1000;

export type Limit = {
  /** Attempts counted in the window before further ones are refused. */
  max: number;
  windowMs: number;
  /** When set, reaching `max` failures locks the key for this long. */
  lockMs?: number;
  /** "failures": wrong and in-flight attempts count; "all": every attempt counts. */
  counts: "failures" | "all";
  /** A success forgets the key's earlier failures (per account; never per IP, where one good account would reset a spray). */
  resetOnSuccess?: boolean;
  /** Failures in a row, across windows and locks, after which the key is refused until a success or an unlock. */
  ceiling?: number;
  /**
   * A progressive delay instead of a lock: after `free` failures in the window,
   * each attempt waits 1 s, 2 s, 4 s ... (at most `maxMs`) after the previous one.
   */
  delay?: { free: number; maxMs: number };
};

/** NIST SP 800-63B 5.2.2: at most 100 consecutive failed attempts on one account (password, or one-time passwords). */
export const FAILURE_CEILING = 100;
/** The owner is emailed when failures in a row reach each of these. */
export const CEILING_NOTICES: readonly number[] = [20, 50, FAILURE_CEILING];

export const LIMITS = {
  /**
   * Password step, per account and client (the browser's known-device id, else
   * its IP): 10 wrong passwords lock that pair for 15 minutes. An attacker
   * elsewhere never locks the owner's browser out.
   */
  passwordPerClient: { max: 10, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE, counts: "failures", resetOnSuccess: true },
  /**
   * Password step, per account from everywhere (keyed by the email, known or
   * not): after 10 failures in 15 minutes each further attempt waits longer
   * (1 s doubling to 30 s) unless it comes from a browser that signed in to
   * the account before; 100 in a row, from anywhere, disable it.
   */
  passwordPerAccount: { max: 10, windowMs: 15 * MINUTE, counts: "failures", resetOnSuccess: true, ceiling: FAILURE_CEILING, delay: { free: 10, maxMs: 30_000 } },
  /** Password step, per client IP. */
  passwordPerIp: { max: 50, windowMs: 15 * MINUTE, counts: "failures" },
  /** Wrong one-time passwords per account; reaching it locks the OTP step and emails a notice. */
  otpPerAccount: { max: 20, windowMs: 60 * MINUTE, lockMs: 15 * MINUTE, counts: "failures", resetOnSuccess: true, ceiling: FAILURE_CEILING },
  /** Email-first look-ups ("does this email sign in with SSO?") per client IP; every look-up counts. */
  lookupPerIp: { max: 60, windowMs: 15 * MINUTE, counts: "all" },
  /** Wrong current passwords inside one signed-in session (password or MFA change); the last one ends the session. */
  reauthPerSession: { max: 5, windowMs: 15 * MINUTE, counts: "failures" },
  /** Emails with codes per account. */
  emailPerAccount: { max: 5, windowMs: 60 * MINUTE, counts: "all" },
  /** "Forgot your password?" emails per account (further requests get the same answer and no email). */
  resetPerAccount: { max: 3, windowMs: 60 * MINUTE, counts: "all" },
  /** "Forgot your password?" requests per client IP; every request counts. */
  resetPerIp: { max: 20, windowMs: 15 * MINUTE, counts: "all" },
} as const satisfies Record<string, Limit>;

/** Sign-ins waiting for a code, per account; a sixth voids the oldest. */
export const MAX_PENDING_CHALLENGES = 5;
/** Codes one sign-in challenge accepts before it is void. */
export const CHALLENGE_MAX_ATTEMPTS = 5;
/** Attempts one emailed code accepts. */
export const EMAIL_CODE_MAX_ATTEMPTS = 5;
/** Time between two code emails for one sign-in. */
export const RESEND_COOLDOWN_MS = 30 * 1000;
/** Lifetime of a sign-in challenge and of an emailed code. */
export const CHALLENGE_TTL_MS = 10 * MINUTE;
export const EMAIL_CODE_TTL_MS = 10 * MINUTE;
/** How long a started authenticator enrollment can be confirmed. */
export const ENROLLMENT_TTL_MS = 15 * MINUTE;
/** A signed-in session ends 12 hours after sign-in, however busy (the JWT's maxAge too). */
export const SESSION_MAX_AGE_MS = 12 * 60 * MINUTE;
/** ...and after 30 minutes without a request. Both are enforced on the session row. */
export const SESSION_IDLE_MS = 30 * MINUTE;
/** How often a session's "last seen" time is written (not on every request); well under the idle limit. */
export const SESSION_TOUCH_INTERVAL_MS = MINUTE;

/** A "Forgot your password?" link works once, for this long. */
export const RESET_LINK_TTL_MS = 30 * MINUTE;
/** Recovery codes per set, characters per code, and the count at which the user is asked to make new ones. */
export const RECOVERY_CODE_COUNT = 10;
export const RECOVERY_CODE_LENGTH = 10;
export const RECOVERY_CODES_LOW = 3;
/** An administrator's access code: 8 characters, 60 minutes by default, between 10 minutes and 24 hours. */
export const ACCESS_CODE_LENGTH = 8;
export const ACCESS_CODE_DEFAULT_MINUTES = 60;
export const ACCESS_CODE_MIN_MINUTES = 10;
export const ACCESS_CODE_MAX_MINUTES = 24 * 60;
/** Access codes one staff member can be given in 24 hours. */
export const ACCESS_CODES_PER_DAY = 3;
/** An administrator issues access codes only within this long of proving a second factor. */
export const ADMIN_SECOND_FACTOR_MAX_AGE_MS = 12 * 60 * MINUTE;
