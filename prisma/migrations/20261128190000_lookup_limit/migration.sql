-- The email-first look-up ("does this email sign in with SSO?") is limited per client IP.
ALTER TYPE "AttemptScope" ADD VALUE 'LOOKUP_IP';
