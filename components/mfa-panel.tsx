"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { QRCodeSVG } from "qrcode.react";
import {
  confirmAuthenticatorAction,
  confirmEmailMethodAction,
  saveMfaAction,
  type Confirmed,
} from "@/app/(portal)/settings/account/actions";
import { callAction, messageFor, type ActionResult } from "@/lib/errors";
import { methodLabels } from "@/lib/mfa/panel";
import type { MfaMethod } from "@/lib/mfa/settings";
import { codeFormSchema, mfaSettingsSchema, type CodeFormInput, type MfaSettingsInput } from "@/lib/validation/mfa";
import { Field } from "./field";
import { EmailStepUpButton } from "./email-step-up-button";
import { FormAlert } from "./form-alert";
import { RecoveryCodes } from "./recovery-codes";
import { Form } from "./form";

type Enrollment = { kind: "TOTP"; secret: string; uri: string } | { kind: "EMAIL"; maskedEmail: string } | null;

const statusText: Record<MfaMethod, string> = {
  NONE: "Multi-factor authentication is off.",
  TOTP: "Multi-factor authentication is on: codes from your authenticator app.",
  EMAIL: "Multi-factor authentication is on: codes sent to your email.",
};

/**
 * `offered`: the options the company's policy leaves this user (the server holds to the same list).
 * `email`: the account's, for the header of the recovery codes file.
 */
/** `recoverySession`: this session was opened with a recovery code, so no current code is asked (the server holds to the same). */
export function MfaPanel({ method, offered, email, recoverySession = false }: { method: MfaMethod; offered: MfaMethod[]; email: string; recoverySession?: boolean }) {
  const router = useRouter();
  const heading = useRef<HTMLHeadingElement>(null);
  const [enrollment, setEnrollment] = useState<Enrollment>(null);
  // A new set from a confirmation, shown once below the section until "Done".
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<MfaSettingsInput>({
    resolver: zodResolver(mfaSettingsSchema),
    defaultValues: { method: offered.includes(method) ? method : offered[0], currentPassword: "", currentCode: "" },
  });

  const onSave = form.handleSubmit((values) => {
    setServerError(null);
    setNotice(null);
    setEnrollment(null);
    startTransition(async () => {
      const result = await callAction(() => saveMfaAction(values));
      form.resetField("currentPassword");
      form.resetField("currentCode");
      if (!result.ok) {
        setServerError(messageFor(result));
        return;
      }
      const started = result.started;
      if (started.state === "totp-pending") setEnrollment({ kind: "TOTP", secret: started.secret, uri: started.uri });
      else if (started.state === "email-pending") setEnrollment({ kind: "EMAIL", maskedEmail: started.maskedEmail });
      else {
        // Turning MFA off deleted the codes on the server: stop showing them.
        if (started.state === "disabled") setRecoveryCodes(null);
        setNotice(started.state === "disabled" ? "Multi-factor authentication is now off." : "Nothing changed.");
        router.refresh();
      }
    });
  });

  const onConfirmed = (newMethod: MfaMethod, message: string, codes: string[] | null) => {
    form.reset({ method: newMethod, currentPassword: "", currentCode: "" });
    setEnrollment(null);
    setNotice(message);
    if (codes) setRecoveryCodes(codes);
    router.refresh();
  };

  const onCodesSaved = () => {
    setRecoveryCodes(null);
    heading.current?.focus();
  };

  return (
    <>
      <section className="card" aria-labelledby="mfa-heading">
        <h2 id="mfa-heading" ref={heading} tabIndex={-1}>
          Multi-factor Authentication
        </h2>
        <p className="status">
          Current method: {methodLabels[method]}. {statusText[method]}
        </p>
        {notice && (
          <p role="status" className="notice">
            {notice}
          </p>
        )}
        <Form onSubmit={onSave} noValidate>
          <FormAlert message={serverError} />
          <div className="field">
            <label htmlFor="mfa-option">MFA option</label>
            <select id="mfa-option" {...form.register("method")}>
              {offered.map((option) => (
                <option key={option} value={option}>
                  {methodLabels[option]}
                </option>
              ))}
            </select>
          </div>
          <Field
            label="Current password"
            id="mfa-current-password"
            type="password"
            autoComplete="current-password"
            hint="Required to change how you sign in."
            error={form.formState.errors.currentPassword?.message}
            {...form.register("currentPassword")}
          />
          {method !== "NONE" && recoverySession && <p className="hint">You signed in with a recovery code, so no current code is needed.</p>}
          {method !== "NONE" && !recoverySession && (
            <>
              <Field
                label="Current code"
                id="mfa-current-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                hint={
                  method === "TOTP"
                    ? "A code from your authenticator app: needed to change or turn off multi-factor authentication."
                    : "Choose \u201cEmail me a code\u201d, then enter the code here: needed to change or turn off multi-factor authentication."
                }
                error={form.formState.errors.currentCode?.message}
                {...form.register("currentCode")}
              />
              {method === "EMAIL" && (
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
            </>
          )}
          <button className="button" type="submit" disabled={pending}>
            Save
          </button>
        </Form>
        {enrollment?.kind === "TOTP" && (
          <ConfirmCode
            key={enrollment.secret}
            label="Authenticator code"
            action={confirmAuthenticatorAction}
            onConfirmed={(codes) => onConfirmed("TOTP", "Authenticator is on. You will need a code from the app each time you sign in.", codes)}
            onCancel={() => setEnrollment(null)}
          >
            <p>
              Scan this QR code with your authenticator app (Google Authenticator, Microsoft Authenticator or similar), then
              enter the 6-digit code it shows. Until you confirm, your previous setting stays in force.
            </p>
            <div className="qr">
              <QRCodeSVG value={enrollment.uri} size={192} marginSize={2} role="img" aria-label="QR code for your authenticator app" />
            </div>
            <Field label="Setup key" readOnly value={enrollment.secret} className="setup-key" hint="If you cannot scan, type this key into the app." />
          </ConfirmCode>
        )}
        {enrollment?.kind === "EMAIL" && (
          <ConfirmCode
            label="Email code"
            action={confirmEmailMethodAction}
            onConfirmed={(codes) => onConfirmed("EMAIL", "Email codes are on. We will email you a code each time you sign in.", codes)}
            onCancel={() => setEnrollment(null)}
          >
            <p>We emailed a code to {enrollment.maskedEmail}. Enter it to turn on email codes.</p>
          </ConfirmCode>
        )}
      </section>
      {/* Its own region beside this one: its "Copied" status line is not this section's. */}
      {recoveryCodes && <RecoveryCodes key={recoveryCodes.join()} codes={recoveryCodes} email={email} onDone={onCodesSaved} />}
    </>
  );
}

function ConfirmCode(props: {
  label: string;
  action: (input: unknown) => Promise<ActionResult<Confirmed>>;
  onConfirmed: (recoveryCodes: string[] | null) => void;
  onCancel: () => void;
  children: React.ReactNode;
}) {
  const [serverError, setServerError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, resetField, formState } = useForm<CodeFormInput>({
    resolver: zodResolver(codeFormSchema),
    defaultValues: { code: "" },
  });
  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    startTransition(async () => {
      const result = await callAction(() => props.action(values));
      if (result.ok) props.onConfirmed(result.recoveryCodes);
      else {
        setServerError(messageFor(result));
        resetField("code");
      }
    });
  });
  return (
    <Form onSubmit={onSubmit} noValidate className="stack" style={{ marginTop: "1.25rem" }}>
      {props.children}
      <FormAlert message={serverError ?? formState.errors.code?.message} />
      <Field label={props.label} autoComplete="one-time-code" inputMode="numeric" spellCheck={false} {...register("code")} />
      <div className="row">
        <button className="button" type="submit" disabled={pending}>
          Confirm
        </button>
        <button className="button secondary" type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </Form>
  );
}
