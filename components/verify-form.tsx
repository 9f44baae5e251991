"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  emailInsteadAction,
  resendCodeAction,
  verifyBackupCodeAction,
  verifyCodeAction,
  type SendCodeActionResult,
} from "@/app/(auth)/login/verify/actions";
import { callAction, errorMessages, messageFor } from "@/lib/errors";
import type { VerifyPageState } from "@/lib/sign-in/otp-step";
import { codeFormSchema, type CodeFormInput } from "@/lib/validation/mfa";
import { backupCodeFormSchema, type BackupCodeFormInput } from "@/lib/validation/sign-in";
import { Field } from "./field";
import { FormAlert } from "./form-alert";
import { Form } from "./form";
import { useHydrated } from "./use-hydrated";

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

type BackupKind = "recovery" | "access";

/**
 * The OTP page: a code of the user's method, or (for a lost phone) one of
 * their recovery codes or an administrator's access code in its place.
 */
export function VerifyForm(props: VerifyPageState) {
  const [backup, setBackup] = useState<BackupKind | null>(null);
  const hydrated = useHydrated();
  const switches = (
    <p className="row">
      {backup !== "recovery" && (
        <button type="button" className="link-button" onClick={() => setBackup("recovery")} disabled={!hydrated}>
          Use a recovery code
        </button>
      )}
      {backup !== "access" && (
        <button type="button" className="link-button" onClick={() => setBackup("access")} disabled={!hydrated}>
          Use a code from your administrator
        </button>
      )}
      {backup && (
        <button type="button" className="link-button" onClick={() => setBackup(null)} disabled={!hydrated}>
          {props.mode === "TOTP" ? "Use your authenticator app" : "Use the emailed code"}
        </button>
      )}
    </p>
  );
  return (
    <>
      {backup ? <BackupCodeForm key={backup} kind={backup} /> : <CodeForm {...props} />}
      {switches}
    </>
  );
}

const backupTexts: Record<BackupKind, { intro: string; label: string; hint: string }> = {
  recovery: {
    intro: "Enter one of the recovery codes you saved when you set up multi-factor authentication. Each code works once.",
    label: "Recovery code",
    hint: "10 letters and digits, like ABCDE-FGH23. Case, spaces and hyphens don't matter.",
  },
  access: {
    intro: "Enter the one-time access code your administrator gave you. You will then set up multi-factor authentication again.",
    label: "Access code",
    hint: "8 letters and digits, like ABCD-EF23.",
  },
};

function BackupCodeForm({ kind }: { kind: BackupKind }) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, resetField, setFocus, formState } = useForm<BackupCodeFormInput>({
    resolver: zodResolver(backupCodeFormSchema),
    defaultValues: { kind, code: "" },
  });
  const text = backupTexts[kind];
  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    startTransition(async () => {
      const result = await callAction(() => verifyBackupCodeAction(values));
      if (result.ok) {
        router.replace(result.redirectTo);
        return;
      }
      setServerError(messageFor(result));
      resetField("code");
      setFocus("code");
    });
  });
  return (
    <Form onSubmit={onSubmit} noValidate>
      <p>{text.intro}</p>
      <FormAlert message={serverError ?? formState.errors.code?.message} />
      <input type="hidden" {...register("kind")} />
      <Field
        label={text.label}
        hint={text.hint}
        autoComplete="one-time-code"
        autoCapitalize="characters"
        autoFocus
        spellCheck={false}
        {...register("code")}
      />
      <div className="row">
        <button className="button" type="submit" disabled={pending}>
          Verify
        </button>
      </div>
    </Form>
  );
}

function CodeForm({ mode, maskedEmail, canEmailInstead, codeSent, resendAvailableAt }: VerifyPageState) {
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
    <Form onSubmit={onSubmit} noValidate>
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
    </Form>
  );
}
