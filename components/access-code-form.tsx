"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { issueAccessCodeAction } from "@/app/(portal)/company/actions";
import { callAction, messageFor } from "@/lib/errors";
import { formatMoment } from "@/lib/format";
import { ACCESS_CODE_DEFAULT_MINUTES, ACCESS_CODES_PER_DAY } from "@/lib/security/limits";
import { ACCESS_CODE_REASON_MAX, ACCESS_CODE_VALIDITY, accessCodeSchema, type AccessCodeFormInput, type AccessCodeFormOutput } from "@/lib/validation/company";
import { Field } from "./field";
import { EmailStepUpButton } from "./email-step-up-button";
import { FormAlert } from "./form-alert";
import { Form } from "./form";

type Props = {
  staffId: string;
  name: string;
  /** The administrator's session has no second factor from the last 12 hours: ask for their current code. */
  needsFreshCode: boolean;
  /** The administrator's own method, for the current code's hint and "Email me a code". */
  adminMethod: "TOTP" | "EMAIL";
  /** A code of theirs that still works (ISO time), which a new one voids. */
  live: { issuedByName: string; expiresAt: string } | null;
  issuedToday: number;
};

/**
 * "Help them sign in" on a staff member's page: a reason and how long the
 * code works, then "Create access code". The code is shown once, here, and
 * nowhere else (not in any email, not on reload).
 */
export function AccessCodeForm({ staffId, name, needsFreshCode, adminMethod, live, issuedToday }: Props) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ code: string; expiresAt: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const blank: AccessCodeFormInput = { staffId, reason: "", minutes: String(ACCESS_CODE_DEFAULT_MINUTES), currentCode: "" };
  const { register, handleSubmit, setError, reset, resetField, formState } = useForm<AccessCodeFormInput, unknown, AccessCodeFormOutput>({
    resolver: zodResolver(accessCodeSchema),
    defaultValues: blank,
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    setNotice(null);
    setIssued(null);
    startTransition(async () => {
      // The form's own strings go to the action, which parses them again.
      const result = await callAction(() => issueAccessCodeAction({ ...values, minutes: String(values.minutes) }));
      resetField("currentCode");
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) setError(field as keyof AccessCodeFormInput, { message: messages[0] });
        return setServerError(messageFor(result));
      }
      reset(blank);
      setIssued({ code: result.code, expiresAt: result.expiresAt });
      router.refresh();
    });
  });

  return (
    <div>
      {issued && (
        <div role="status" className="notice">
          <Field
            label="Access code"
            readOnly
            value={issued.code}
            className="setup-key"
            style={{ fontSize: "2rem", fontWeight: 700, width: "auto", maxWidth: "100%" }}
            size={issued.code.length + 1}
          />
          <p>
            Give this code to {name} in person or by phone. It works once, until {formatMoment(new Date(issued.expiresAt))}.
          </p>
        </div>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {live && !issued && (
        <p>
          A code issued by {live.issuedByName} works until {formatMoment(new Date(live.expiresAt))}. A new code replaces it.
        </p>
      )}
      <Form onSubmit={onSubmit} noValidate aria-labelledby="access-code-heading">
        <FormAlert message={serverError} />
        <input type="hidden" {...register("staffId")} />
        <Field label="Reason" maxLength={ACCESS_CODE_REASON_MAX} hint="Recorded in the audit log and sent to both of you." error={errors.reason?.message} {...register("reason")} />
        <div className="field">
          <label htmlFor="access-code-minutes">Valid for</label>
          <select id="access-code-minutes" aria-invalid={errors.minutes ? true : undefined} {...register("minutes")}>
            {ACCESS_CODE_VALIDITY.map((option) => (
              <option key={option.minutes} value={String(option.minutes)}>
                {option.label}
              </option>
            ))}
          </select>
          {errors.minutes && <p className="field-error">{errors.minutes.message}</p>}
        </div>
        {needsFreshCode && (
          <>
            <Field
              label="Your current code"
              inputMode="numeric"
              autoComplete="one-time-code"
              hint={
                adminMethod === "TOTP"
                  ? "A code from your authenticator app, to confirm it\u2019s you."
                  : "Choose \u201cEmail me a code\u201d, then enter the code from the email, to confirm it\u2019s you."
              }
              error={errors.currentCode?.message}
              {...register("currentCode")}
            />
            {adminMethod === "EMAIL" && (
              <EmailStepUpButton
                pending={pending}
                startTransition={startTransition}
                then="Enter it as your current code."
                onResult={({ notice, error }) => {
                  setNotice(notice);
                  setServerError(error);
                }}
              />
            )}
          </>
        )}
        <button className="button" type="submit" disabled={pending}>
          Create access code
        </button>
        <p className="hint">
          At most {ACCESS_CODES_PER_DAY} codes for one person in 24 hours ({issuedToday} so far).
        </p>
      </Form>
    </div>
  );
}
