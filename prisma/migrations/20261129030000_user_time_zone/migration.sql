-- The time zone in which a user's emails show times (an IANA name, checked by the portal against the runtime's list)
-- AlterTable
ALTER TABLE "User" ADD COLUMN "timeZone" TEXT NOT NULL DEFAULT 'Europe/London';
