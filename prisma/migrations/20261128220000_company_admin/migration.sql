-- CreateEnum
CREATE TYPE "Role" AS ENUM ('STAFF', 'ADMIN');
-- CreateEnum
CREATE TYPE "AllowedMfaMethods" AS ENUM ('ANY', 'TOTP_ONLY');
-- AlterEnum
ALTER TYPE "SecurityEventType" ADD VALUE 'MFA_EXEMPTED';
ALTER TYPE "SecurityEventType" ADD VALUE 'MFA_EXEMPTION_ENDED';
ALTER TYPE "SecurityEventType" ADD VALUE 'ROLE_CHANGED';
-- DropIndex
DROP INDEX "User_companyId_idx";
-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "mfaAllowedMethods" "AllowedMfaMethods" NOT NULL DEFAULT 'ANY',
ADD COLUMN     "mfaGraceDays" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "mfaRequired" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mfaRequiredSince" TIMESTAMPTZ(3);
-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lastSignInAt" TIMESTAMPTZ(3),
ADD COLUMN     "mfaExemptReason" TEXT,
ADD COLUMN     "mfaExemptUntil" TIMESTAMPTZ(3),
ADD COLUMN     "mfaResetAt" TIMESTAMPTZ(3),
ADD COLUMN     "role" "Role" NOT NULL DEFAULT 'STAFF';
-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "idempotencyKey" TEXT;
-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT NOT NULL,
    "actorEmail" TEXT NOT NULL,
    "targetId" TEXT,
    "targetName" TEXT,
    "targetEmail" TEXT,
    "action" TEXT NOT NULL,
    "detail" TEXT,
    "ip" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);
-- CreateIndex
CREATE INDEX "AuditEntry_companyId_createdAt_idx" ON "AuditEntry"("companyId", "createdAt");
-- CreateIndex
CREATE INDEX "User_companyId_name_email_idx" ON "User"("companyId", "name", "email");
-- CreateIndex
CREATE UNIQUE INDEX "OutboxEmail_idempotencyKey_key" ON "OutboxEmail"("idempotencyKey");
-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;
