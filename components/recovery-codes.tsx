"use client";

import { useEffect, useId, useRef, useState } from "react";

export const RECOVERY_CODES_FILE = "staff-portal-recovery-codes.txt";

/** The downloaded file: one line naming the portal, the account and the day, then one code per line. */
export function recoveryCodesText(email: string, codes: string[], day: string): string {
  return [`Staff Portal recovery codes for ${email}, generated ${day}`, ...codes, ""].join("\n");
}

/**
 * A new set of recovery codes, shown once: the server never sends them again.
 * Download, Copy and Print work in the browser; "Done" (once "I have saved
 * these codes" is ticked) hands them back to `onDone`, which forgets them.
 */
export function RecoveryCodes({ codes, email, onDone, headingLevel = 2 }: { codes: string[]; email: string; onDone: () => void; headingLevel?: 2 | 3 }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [saved, setSaved] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const Heading = headingLevel === 2 ? "h2" : "h3";

  // Keyboard and screen-reader users land on the codes, not on the form that just went away.
  useEffect(() => heading.current?.focus(), []);

  const download = () => {
    const day = new Date().toISOString().slice(0, 10);
    const url = URL.createObjectURL(new Blob([recoveryCodesText(email, codes, day)], { type: "text/plain;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = RECOVERY_CODES_FILE;
    document.body.append(link);
    link.click();
    link.remove();
    // Some browsers read the blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      setStatus("Copied");
    } catch {
      setStatus("Couldn't copy. Use Download, or select the codes and copy them.");
    }
  };

  return (
    <section className="card recovery-codes" aria-labelledby={`${id}-heading`}>
      <Heading id={`${id}-heading`} ref={heading} tabIndex={-1}>
        Save your recovery codes
      </Heading>
      <p className="print-only">Staff Portal recovery codes for {email}</p>
      <p>
        If you lose your phone, each of these codes lets you sign in once instead of a one-time password. Keep them somewhere safe, apart from
        your phone: we show them only now.
      </p>
      <ol className="recovery-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="print-hidden">
        <div className="row">
          <button type="button" className="button secondary" onClick={download}>
            Download
          </button>
          <button type="button" className="button secondary" onClick={copy}>
            Copy
          </button>
          <button type="button" className="button secondary" onClick={() => window.print()}>
            Print
          </button>
        </div>
        {status && (
          <p role="status" className="hint">
            {status}
          </p>
        )}
        <p>
          <label>
            <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> I have saved these codes
          </label>
        </p>
        <button type="button" className="button" disabled={!saved} onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
