-- The email-first look-up ("does this email sign in with SSO?") is limited per client IP.
ALTER TYPE "AttemptScope" ADD VALUE 'LOOKUP_IP';
-- Re-authentication inside a session (password or MFA change) has its own counter per session.
ALTER TYPE "AttemptScope" ADD VALUE 'REAUTH_SESSION';
-- Failures since the last success, across windows: 100 disable that factor's sign-in until lifted.
ALTER TABLE "LimitCounter" ADD COLUMN "streak" INTEGER NOT NULL DEFAULT 0;
-- `npm run user:unlock` lifts it, on the record.
ALTER TYPE "SecurityEventType" ADD VALUE 'SIGN_IN_UNLOCKED';
-- Wrong passwords per (account, client): the hard 15-minute lock (the account-wide count only delays).
ALTER TYPE "AttemptScope" ADD VALUE 'PASSWORD_CLIENT';
-- Changing or turning off MFA needs a current code too: for Email, one emailed for that purpose.
ALTER TYPE "EmailCodePurpose" ADD VALUE 'STEP_UP';
