import { db } from "@/lib/db";
import { describeEvent, recentEvents } from "@/lib/security/events";
import { describeBrowser } from "@/lib/security/user-agent";

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";

export async function ActivitySection({ userId }: { userId: string }) {
  const events = await recentEvents(db, userId, 20);
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
