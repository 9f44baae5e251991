import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { listOutbox } from "@/lib/email/outbox";
import { mailboxEnabled } from "@/lib/email/transport";

export const metadata: Metadata = { title: "Mailbox (local outbox)", robots: { index: false } };

/** When this server process started: the mailbox shows nothing older. */
const serverStartedAt = () => new Date(Date.now() - process.uptime() * 1000);

/** The local outbox, newest first. Exists only while the outbox transport is on (in production, only for the demo). */
export default async function MailboxPage() {
  await connection();
  if (!mailboxEnabled(env())) notFound();
  const messages = await listOutbox(db, serverStartedAt());
  return (
    <main className="main">
      <h1>Mailbox (local outbox)</h1>
      <p className="hint">Emails the portal would send. This page exists only while EMAIL_TRANSPORT is the outbox, and shows only messages since this server started.</p>
      {messages.length === 0 && <p>No messages yet.</p>}
      {messages.map((m) => (
        <article key={m.id} className="mail" aria-label={`Email to ${m.to}: ${m.subject}`}>
          <h2>{m.subject}</h2>
          <p>
            To: <span data-testid="to">{m.to}</span> · <time dateTime={m.createdAt.toISOString()}>{m.createdAt.toUTCString()}</time>
          </p>
          <pre>{m.text}</pre>
        </article>
      ))}
    </main>
  );
}
