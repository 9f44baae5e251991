import type { SecurityEventType } from "@/lib/generated/prisma/enums";
import { describeEvent } from "@/lib/security/events";
import { describeBrowser } from "@/lib/security/user-agent";

export type ActivityRow = { id: string; type: SecurityEventType; detail: string | null; ip: string | null; userAgent: string | null; createdAt: Date };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";

export function ActivitySection({ events }: { events: ActivityRow[] }) {
  return (
    <section className="card" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Recent security activity</h2>
      {events.length === 0 ? (
        <p>No activity yet.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{when(e.createdAt)}</td>
                <td>{describeEvent(e.type, e.detail)}</td>
                <td>
                  {describeBrowser(e.userAgent)}
                  {e.ip ? `, ${e.ip}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
