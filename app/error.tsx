"use client";

import { errorMessages } from "@/lib/errors";
import { useHydrated } from "@/components/use-hydrated";

/**
 * What a page shows when its server work failed (the database unreachable,
 * most often): one sentence and a way to try again, never a stack trace.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const hydrated = useHydrated();
  return (
    <main className="auth-shell">
      <div className="card auth-card">
        <p className="brand">Staff Portal</p>
        <h1>Something went wrong</h1>
        <p role="alert">{errorMessages.SERVICE_UNAVAILABLE}</p>
        <button className="button" type="button" onClick={() => reset()} disabled={!hydrated}>
          Try again
        </button>
      </div>
    </main>
  );
}
