"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { emailInsteadAction, resendCodeAction, verifyCodeAction, type SendCodeActionResult } from "@/app/(auth)/login/verify/actions";
import { callAction, errorMessages, messageFor } from "@/lib/errors";
import type { VerifyPageState } from "@/lib/sign-in/otp-step";
import { codeFormSchema, type CodeFormInput } from "@/lib/validation/mfa";
import { Field } from "./field";
import { FormAlert } from "./form-alert";

/** Seconds until `at` (a timestamp), ticking once a second. */
function useSecondsUntil(at: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!at || at <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at ? Math.max(0, Math.ceil((at - now) / 1000)) : 0;
}

export function VerifyForm({ mode, maskedEmail, canEmailInstead, codeSent, resendAvailableAt }: VerifyPageState) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(
    mode === "EMAIL" && !codeSent ? errorMessages.EMAIL_FAILED : null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [availableAt, setAvailableAt] = useState(resendAvailableAt);
  const [pending, startTransition] = useTransition();
  const wait = useSecondsUntil(availableAt);
  const { register, handleSubmit, resetField, setFocus, formState } = useForm<CodeFormInput>({
    resolver: zodResolver(codeFormSchema),
    defaultValues: { code: "" },
  });

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await callAction(() => verifyCodeAction(values));
      if (result.ok) {
        router.replace(result.redirectTo);
        return;
      }
      setServerError(messageFor(result));
      resetField("code");
      setFocus("code");
    });
  });

  const requestCode = (action: () => Promise<SendCodeActionResult>, sentMessage: string) => {
    setServerError(null);
    setNotice(null);
    startTransition(async () => {
      const result: SendCodeActionResult = await callAction(action);
      if (result.resendAvailableAt) setAvailableAt(result.resendAvailableAt);
      if (result.ok) {
        setAvailableAt(result.resendAvailableAt ?? null);
        setNotice(`${sentMessage} ${result.maskedEmail}.`);
        router.refresh();
      } else setServerError(messageFor(result));
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <p>
        {mode === "TOTP"
          ? "Open your authenticator app and enter the 6-digit code it shows."
          : `We emailed a code to ${maskedEmail}. It expires in 10 minutes.`}
      </p>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <FormAlert message={serverError ?? formState.errors.code?.message} />
      <Field
        label="One-time password"
        autoComplete="one-time-code"
        inputMode="numeric"
        autoFocus
        spellCheck={false}
        {...register("code")}
      />
      <div className="row">
        <button className="button" type="submit" disabled={pending}>
          Verify
        </button>
        {mode === "EMAIL" && (
          <button
            type="button"
            className="link-button"
            disabled={pending || wait > 0}
            onClick={() => requestCode(resendCodeAction, "We sent a new code to")}
          >
            Resend code
          </button>
        )}
        {canEmailInstead && (
          <button
            type="button"
            className="link-button"
            disabled={pending}
            onClick={() => requestCode(emailInsteadAction, "We emailed a code to")}
          >
            Email me a code instead
          </button>
        )}
      </div>
      {mode === "EMAIL" && wait > 0 && (
        <p className="hint" aria-live="polite">
          You can ask for a new code in {wait} seconds.
        </p>
      )}
    </form>
  );
}
