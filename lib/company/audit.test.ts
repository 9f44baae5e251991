import { describe, expect, it } from "vitest";
import { metrics } from "@/lib/metrics/registry";
import { metricValue } from "@/lib/testing/metrics";
import { createTestDb, seedUser } from "@/lib/testing/test-db";
import { recordAudit } from "./audit";

const db = createTestDb();

describe("recordAudit", () => {
  it("counts each administrator action written, by action, exactly once", async () => {
    const admin = await seedUser(db);
    const count = (action: string) => metricValue(metrics().registry, "staff_portal_admin_actions_total", { action });
    const [policyBefore, roleBefore] = [await count("policy.changed"), await count("role.changed")];
    const entry = { companyId: admin.companyId, actor: admin, now: new Date() };
    await recordAudit(db, { ...entry, action: "policy.changed", detail: { before: {}, after: {} } });
    await recordAudit(db, { ...entry, action: "role.changed", target: admin, detail: { before: "STAFF", after: "ADMIN" } });
    await recordAudit(db, { ...entry, action: "role.changed", target: admin, detail: { before: "ADMIN", after: "STAFF" } });
    expect(await count("policy.changed")).toBe(policyBefore + 1);
    expect(await count("role.changed")).toBe(roleBefore + 2);
    expect(await db.auditEntry.count({ where: { companyId: admin.companyId } })).toBe(3);
  });
});
