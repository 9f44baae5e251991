import { statusFilters, type StatusFilter } from "./mfa-status";
import type { StaffQuery } from "./staff";

/** The staff list's query string (?q=&status=&page=), read leniently: anything unknown is ignored. */
export function staffQueryFrom(params: Record<string, string | string[] | undefined>): StaffQuery {
  const one = (key: string) => {
    const value = params[key];
    return typeof value === "string" ? value : undefined;
  };
  // NUL is the one character PostgreSQL text cannot hold: dropped, not an error page.
  const q = one("q")?.replace(/\0/g, "").trim().slice(0, 100) || undefined;
  const status = statusFilters.some((f) => f.value === one("status")) ? (one("status") as StatusFilter) : undefined;
  const page = Number(one("page"));
  return { q, status, page: Number.isInteger(page) && page > 0 && page < 1_000_000 ? page : 1 };
}

/** The same query as a search string, for links (pager, CSV). */
export function staffQueryString(query: StaffQuery, overrides: Partial<StaffQuery> = {}): string {
  const merged = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (merged.q) params.set("q", merged.q);
  if (merged.status) params.set("status", merged.status);
  if (merged.page && merged.page > 1) params.set("page", String(merged.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}
