-- The mobile apps' sign-in (issue 17): devices are sessions of kind MOBILE with hashed access and refresh tokens,
-- a company option to require MFA in the apps too, and the apps' single sign-on in the system browser

-- AlterEnum
ALTER TYPE "SecurityEventType" ADD VALUE 'MOBILE_TOKEN_REUSED';

-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('WEB', 'MOBILE');

-- CreateEnum
CREATE TYPE "MobileTokenKind" AS ENUM ('ACCESS', 'REFRESH');

-- AlterTable
ALTER TABLE "Company" ADD COLUMN "mfaRequiredOnMobile" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN "kind" "SessionKind" NOT NULL DEFAULT 'WEB',
ADD COLUMN "deviceName" TEXT;

-- CreateTable
CREATE TABLE "MobileToken" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "kind" "MobileTokenKind" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MobileToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MobileAuthorization" (
    "id" TEXT NOT NULL,
    "codeChallenge" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "deviceName" TEXT NOT NULL,
    "userId" TEXT,
    "codeHash" TEXT,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MobileAuthorization_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MobileToken_tokenHash_key" ON "MobileToken"("tokenHash");

-- CreateIndex
CREATE INDEX "MobileToken_sessionId_idx" ON "MobileToken"("sessionId");

-- CreateIndex
CREATE INDEX "MobileToken_expiresAt_idx" ON "MobileToken"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "MobileAuthorization_codeHash_key" ON "MobileAuthorization"("codeHash");

-- CreateIndex
CREATE INDEX "MobileAuthorization_expiresAt_idx" ON "MobileAuthorization"("expiresAt");

-- AddForeignKey
ALTER TABLE "MobileToken" ADD CONSTRAINT "MobileToken_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "UserSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MobileAuthorization" ADD CONSTRAINT "MobileAuthorization_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
