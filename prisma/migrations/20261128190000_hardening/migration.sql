-- The email-first look-up ("does this email sign in with SSO?") is limited per client IP.
ALTER TYPE "AttemptScope" ADD VALUE 'LOOKUP_IP';
-- Re-authentication inside a session (password or MFA change) has its own counter per session.
ALTER TYPE "AttemptScope" ADD VALUE 'REAUTH_SESSION';
