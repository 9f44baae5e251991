"use client";

import type { TransitionStartFunction } from "react";
import { sendStepUpCodeAction } from "@/app/(portal)/settings/account/actions";
import { callAction, messageFor } from "@/lib/errors";

/**
 * "Email me a code" beside a step-up, for a user whose method is Email: emails
 * a current code, then reports the sentence to show (`notice`, with the
 * masked address) or the refusal (`error`). Runs in the form's own transition.
 */
export function EmailStepUpButton(props: {
  pending: boolean;
  startTransition: TransitionStartFunction;
  /** What to tell the user once sent, after "We emailed a code to a•••@acme.test." */
  then: string;
  onResult: (result: { notice: string | null; error: string | null }) => void;
}) {
  const send = () => {
    props.onResult({ notice: null, error: null });
    props.startTransition(async () => {
      const result = await callAction(() => sendStepUpCodeAction());
      props.onResult(result.ok ? { notice: `We emailed a code to ${result.maskedEmail}. ${props.then}`, error: null } : { notice: null, error: messageFor(result) });
    });
  };
  return (
    <p>
      <button type="button" className="link-button" onClick={send} disabled={props.pending}>
        Email me a code
      </button>
    </p>
  );
}
