import { describeBrowser } from "@/lib/security/user-agent";
import { SessionsStatus } from "./sessions-status";
import { SignOutButton } from "./sign-out-button";

export type SessionRow = { id: string; userAgent: string | null; ip: string | null; lastSeenAt: Date };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

export function SessionsSection({ sessions, currentSessionId }: { sessions: SessionRow[]; currentSessionId: string | undefined }) {
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Active sessions</h2>
      <SessionsStatus>
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Browser</th>
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
                {describeBrowser(s.userAgent)}
                {s.id === currentSessionId && <strong> (this browser)</strong>}
              </td>
              <td>{s.ip ?? "Unknown"}</td>
              <td>{when(s.lastSeenAt)}</td>
              <td>
                {s.id !== currentSessionId && (
                  <SignOutButton session={{ id: s.id, label: `${describeBrowser(s.userAgent)}, ${s.ip ?? "unknown IP address"}, last seen ${when(s.lastSeenAt)}` }} />
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
