import type { Db } from "@/lib/db";

const withCompany = { company: { select: { id: true, name: true, slug: true, signInMethod: true } } } as const;

/** A user with the company fields every caller needs. */
export function findUserByEmail(db: Db, email: string) {
  return db.user.findUnique({ where: { email: email.trim().toLowerCase() }, include: withCompany });
}

export function findCompanyBySlug(db: Db, slug: string) {
  return db.company.findUnique({ where: { slug } });
}
