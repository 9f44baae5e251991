import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MfaMethod, Role } from "@/lib/generated/prisma/enums";
import { mfaStatus, type MfaPolicy, type MfaStatus, type StatusFilter } from "./mfa-status";

export const STAFF_PAGE_SIZE = 50;

/** The policy's values as SQL: a company's columns, or values not saved yet. */
export type PolicySql = { required: Prisma.Sql; since: Prisma.Sql; graceDays: Prisma.Sql; allowed: Prisma.Sql };

export const companyPolicySql = (alias: string): PolicySql => ({
  required: Prisma.raw(`${alias}."mfaRequired"`),
  since: Prisma.raw(`${alias}."mfaRequiredSince"`),
  graceDays: Prisma.raw(`${alias}."mfaGraceDays"`),
  allowed: Prisma.raw(`${alias}."mfaAllowedMethods"::text`),
});

export const valuesPolicySql = (policy: Omit<MfaPolicy, "signInMethod">): PolicySql => ({
  required: Prisma.sql`${policy.mfaRequired}::boolean`,
  since: Prisma.sql`${policy.mfaRequiredSince}::timestamptz`,
  graceDays: Prisma.sql`${policy.mfaGraceDays}::int`,
  allowed: Prisma.sql`${policy.mfaAllowedMethods}::text`,
});

/**
 * mfaStatus (mfa-status.ts) in SQL, for a user row `u` of a password
 * company, so that the staff list filters, counts and pages in PostgreSQL.
 * mfa-status.test.ts runs both over the same table.
 */
export function statusSql(p: PolicySql, now: Date): Prisma.Sql {
  return Prisma.sql`CASE
    WHEN u."mfaMethod" = 'TOTP' OR (u."mfaMethod" = 'EMAIL' AND ${p.allowed} = 'ANY') THEN 'on'
    WHEN NOT ${p.required} OR ${p.since} IS NULL THEN 'not-set-up'
    WHEN u."mfaExemptUntil" > ${now}::timestamptz THEN 'exempt'
    WHEN GREATEST(${p.since}, u."createdAt", u."mfaResetAt") + make_interval(days => ${p.graceDays}) > ${now}::timestamptz THEN 'due'
    ELSE 'overdue' END`;
}

export type StaffQuery = { q?: string; status?: StatusFilter; page?: number };

export type StaffRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  mfaMethod: MfaMethod;
  status: MfaStatus;
  lastSignInAt: Date | null;
  mfaExemptReason: string | null;
};

type Company = MfaPolicy & { id: string; name: string };

type Row = {
  id: string;
  name: string;
  email: string;
  role: Role;
  mfaMethod: MfaMethod;
  createdAt: Date;
  mfaResetAt: Date | null;
  mfaExemptUntil: Date | null;
  mfaExemptReason: string | null;
  lastSignInAt: Date | null;
};

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereOf(company: Company, query: StaffQuery, now: Date): Prisma.Sql {
  const parts = [Prisma.sql`u."companyId" = ${company.id}`];
  const q = query.q?.trim();
  if (q) parts.push(Prisma.sql`(u.name ILIKE ${likePattern(q)} OR u.email ILIKE ${likePattern(q)})`);
  if (query.status && company.signInMethod === "PASSWORD") parts.push(Prisma.sql`${statusSql(companyPolicySql("co"), now)} = ${query.status}`);
  return Prisma.join(parts, " AND ");
}

function toStaffRow(row: Row, company: Company, now: Date): StaffRow {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    mfaMethod: row.mfaMethod,
    status: mfaStatus(row, company, now),
    lastSignInAt: row.lastSignInAt,
    mfaExemptReason: row.mfaExemptReason,
  };
}

const columns = Prisma.sql`u.id, u.name, u.email, u.role, u."mfaMethod", u."createdAt", u."mfaResetAt", u."mfaExemptUntil", u."mfaExemptReason", u."lastSignInAt"`;

/**
 * One page of the company's staff, sorted by name (then email), filtered by
 * a search in name or email and by MFA status, with the total for the pager
 * (a page past the end shows the last one): a count, then the page, each one
 * statement over the (companyId, name) index.
 */
export async function listStaff(db: Db, company: Company, query: StaffQuery, now: Date) {
  const total = await countStaff(db, company, query, now);
  const pages = Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pages);
  const rows = total === 0 ? [] : await db.$queryRaw<Row[]>`
    SELECT ${columns}
    FROM "User" u JOIN "Company" co ON co.id = u."companyId"
    WHERE ${whereOf(company, query, now)}
    ORDER BY u.name, u.email
    LIMIT ${STAFF_PAGE_SIZE} OFFSET ${(page - 1) * STAFF_PAGE_SIZE}`;
  return { rows: rows.map((row) => toStaffRow(row, company, now)), total, page, pages };
}

async function countStaff(db: Db, company: Company, query: StaffQuery, now: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "User" u JOIN "Company" co ON co.id = u."companyId" WHERE ${whereOf(company, query, now)}`;
  return Number(row?.n ?? 0);
}

/** Every row of the filtered list (no pages), for "Download CSV". */
export async function allStaff(db: Db, company: Company, query: StaffQuery, now: Date): Promise<StaffRow[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT ${columns}
    FROM "User" u JOIN "Company" co ON co.id = u."companyId"
    WHERE ${whereOf(company, query, now)}
    ORDER BY u.name, u.email`;
  return rows.map((row) => toStaffRow(row, company, now));
}

/** The number of staff whose status under `next` would be overdue while under the company's saved policy it is not. */
export async function countNewlyOverdue(db: Db, companyId: string, next: Omit<MfaPolicy, "signInMethod">, now: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "User" u JOIN "Company" co ON co.id = u."companyId"
    WHERE u."companyId" = ${companyId}
      AND ${statusSql(valuesPolicySql(next), now)} = 'overdue'
      AND ${statusSql(companyPolicySql("co"), now)} <> 'overdue'`;
  return Number(row?.n ?? 0);
}

