"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { signOutOtherSessionsAction, signOutSessionAction } from "@/app/(portal)/settings/account/actions";
import { callAction, messageFor } from "@/lib/errors";
import { FormAlert } from "./form-alert";
import { useAnnounce } from "./sessions-status";
import { useHydrated } from "./use-hydrated";

const signedOut = (count: number) => (count === 1 ? "Signed out 1 other session." : `Signed out ${count} other sessions.`);

/**
 * "Sign out" on one row of Active sessions (`session` given), or "Sign out
 * other sessions" under the table.
 */
export function SignOutButton({ session, disabled = false }: { session?: { id: string; label: string }; disabled?: boolean }) {
  const router = useRouter();
  const announce = useAnnounce();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const onClick = () =>
    startTransition(async () => {
      const result = await callAction(() => (session ? signOutSessionAction(session.id) : signOutOtherSessionsAction()));
      if (!result.ok) return setError(messageFor(result));
      setError(null);
      if (announce) announce(signedOut(result.count));
      else setMessage(signedOut(result.count));
      router.refresh();
    });
  return (
    <div>
      <FormAlert message={error} />
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      <button
        type="button"
        className={session ? "link-button" : "button secondary"}
        onClick={onClick}
        disabled={pending || disabled || !hydrated}
        aria-label={session ? `Sign out ${session.label}` : undefined}
      >
        {session ? "Sign out" : "Sign out other sessions"}
      </button>
    </div>
  );
}
