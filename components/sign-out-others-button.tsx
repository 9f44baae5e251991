"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { signOutOtherSessionsAction } from "@/app/(portal)/settings/account/actions";
import { callAction, messageFor } from "@/lib/errors";
import { FormAlert } from "./form-alert";

export function SignOutOthersButton({ disabled }: { disabled: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const onClick = () =>
    startTransition(async () => {
      const result = await callAction(() => signOutOtherSessionsAction());
      if (!result.ok) return setError(messageFor(result));
      setError(null);
      setMessage(result.count === 1 ? "Signed out 1 other session." : `Signed out ${result.count} other sessions.`);
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
      <button type="button" className="button secondary" onClick={onClick} disabled={pending || disabled}>
        Sign out other sessions
      </button>
    </div>
  );
}
