"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { regenerateRecoveryCodesAction } from "@/app/(portal)/settings/account/actions";
import { callAction, messageFor } from "@/lib/errors";
import { RECOVERY_CODE_COUNT } from "@/lib/security/limits";
import { regenerateRecoveryCodesSchema, type RegenerateRecoveryCodesInput } from "@/lib/validation/mfa";
import { Field } from "./field";
import { EmailStepUpButton } from "./email-step-up-button";
import { FormAlert } from "./form-alert";
import { RecoveryCodes } from "./recovery-codes";
import { Form } from "./form";

/** How many codes are left: null when the user never had a set. */
export function recoveryCodesStatus(left: number | null): string {
  if (left === null) return "You have no recovery codes. Generate a set to keep with your password.";
  if (left === 0) return "You have used all your recovery codes.";
  return `${left} of ${RECOVERY_CODE_COUNT} recovery codes left.`;
}

/**
 * "Recovery codes" in Account settings, for users with MFA on: how many are
 * left (counted by the page) and "Generate new codes", which needs the current
 * password and a current code of the present method.
 */
export function RecoveryCodesSection({
  method,
  left,
  email,
  recoverySession = false,
}: {
  method: "TOTP" | "EMAIL";
  left: number | null;
  email: string;
  /** This session was opened with a recovery code: no current code is asked (the server holds to the same). */
  recoverySession?: boolean;
}) {
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, reset, resetField, setError, formState } = useForm<RegenerateRecoveryCodesInput>({
    resolver: zodResolver(regenerateRecoveryCodesSchema),
    defaultValues: { currentPassword: "", currentCode: "" },
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await callAction(() => regenerateRecoveryCodesAction(values));
      if (result.ok) {
        reset();
        setCodes(result.codes);
        setNotice("New recovery codes are ready. Your previous codes no longer work.");
        router.refresh();
        return;
      }
      resetField("currentPassword");
      resetField("currentCode");
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        setError(field as keyof RegenerateRecoveryCodesInput, { message: messages[0] });
      }
      setServerError(messageFor(result));
    });
  });

  const onCodesSaved = () => {
    setCodes(null);
    heading.current?.focus();
  };

  return (
    <section className="card" id="recovery-codes" aria-labelledby="recovery-codes-heading">
      <h2 id="recovery-codes-heading" ref={heading} tabIndex={-1}>
        Recovery codes
      </h2>
      <p className="status">{recoveryCodesStatus(left)}</p>
      <p className="hint">If you lose your phone, a recovery code lets you sign in once instead of a one-time password.</p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {codes ? (
        <RecoveryCodes key={codes.join()} codes={codes} email={email} headingLevel={3} onDone={onCodesSaved} />
      ) : (
        <Form onSubmit={onSubmit} noValidate aria-label="Generate new codes">
          <FormAlert message={serverError} />
          <Field
            label="Current password"
            id="recovery-current-password"
            type="password"
            autoComplete="current-password"
            error={errors.currentPassword?.message}
            {...register("currentPassword")}
          />
          {recoverySession && <p className="hint">You signed in with a recovery code, so no current code is needed.</p>}
          {!recoverySession && (
          <Field
            label="Current code"
            id="recovery-current-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            spellCheck={false}
            hint={method === "TOTP" ? "A code from your authenticator app." : "Choose \u201cEmail me a code\u201d, then enter the code here."}
            error={errors.currentCode?.message}
            {...register("currentCode")}
          />
          )}
          {method === "EMAIL" && !recoverySession && (
            <EmailStepUpButton
              pending={pending}
              startTransition={startTransition}
              then="Enter it below with your password."
              onResult={({ notice, error }) => {
                setNotice(notice);
                setServerError(error);
              }}
            />
          )}
          {left !== null && <p className="hint">Your current codes stop working as soon as the new ones are made.</p>}
          <button className="button" type="submit" disabled={pending}>
            Generate new codes
          </button>
        </Form>
      )}
    </section>
  );
}
