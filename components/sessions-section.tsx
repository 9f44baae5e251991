import { describeSession } from "@/lib/security/user-agent";
import { SessionsStatus } from "./sessions-status";
import { SignOutButton } from "./sign-out-button";

/** A browser, or a mobile app's device (kind MOBILE, named by its app). */
export type SessionRow = { id: string; kind: "WEB" | "MOBILE"; deviceName: string | null; userAgent: string | null; ip: string | null; lastSeenAt: Date };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

export function SessionsSection({ sessions, currentSessionId, appName }: { sessions: SessionRow[]; currentSessionId: string | undefined; appName: string }) {
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Active sessions</h2>
      <SessionsStatus>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Browser or device</th>
            <th scope="col">IP address</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span className="visually-hidden">Sign out</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>
                {describeSession(appName, s)}
                {s.id === currentSessionId && <strong> (this browser)</strong>}
              </td>
              <td>{s.ip ?? "Unknown"}</td>
              <td>{when(s.lastSeenAt)}</td>
              <td>
                {s.id !== currentSessionId && (
                  <SignOutButton session={{ id: s.id, label: `${describeSession(appName, s)}, ${s.ip ?? "unknown IP address"}, last seen ${when(s.lastSeenAt)}` }} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p />
      <SignOutButton disabled={sessions.every((s) => s.id === currentSessionId)} />
      </SessionsStatus>
    </section>
  );
}
