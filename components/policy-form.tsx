"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { savePolicyAction } from "@/app/(portal)/company/actions";
import { callAction, messageFor } from "@/lib/errors";
import { policySchema, type PolicyFormInput, type PolicyFormOutput } from "@/lib/validation/company";
import { Field } from "./field";
import { FormAlert } from "./form-alert";
import { Form } from "./form";

type Values = { required: "on" | "off"; graceDays: number; allowed: "ANY" | "TOTP_ONLY"; mobileMfa: boolean };

/** Company settings -> Sign-in security: the MFA requirement, its grace days and the allowed methods. */
export function PolicyForm({ values }: { values: Values }) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [overdue, setOverdue] = useState<number | null>(null);
  const [pending, startTransition] = useTransition();
  const confirmRef = useRef<HTMLDivElement>(null);
  const { register, handleSubmit, setError, resetField, formState, getValues } = useForm<PolicyFormInput, unknown, PolicyFormOutput>({
    resolver: zodResolver(policySchema),
    defaultValues: { required: values.required, graceDays: String(values.graceDays), allowed: values.allowed, mobileMfa: values.mobileMfa, currentPassword: "" },
  });
  const errors = formState.errors;

  useEffect(() => {
    if (overdue !== null) confirmRef.current?.focus();
  }, [overdue]);

  const save = (confirmOverdue: boolean) => {
    setServerError(null);
    setSaved(null);
    startTransition(async () => {
      const result = await callAction(() => savePolicyAction({ ...getValues(), confirmOverdue }));
      if (result.ok) {
        setOverdue(null);
        resetField("currentPassword");
        setSaved(result.state === "unchanged" ? "Nothing changed." : "Sign-in security saved.");
        router.refresh();
        return;
      }
      if (result.error === "CONFIRM_OVERDUE" && result.overdueCount) {
        setOverdue(result.overdueCount);
        return;
      }
      setOverdue(null);
      resetField("currentPassword");
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) setError(field as keyof PolicyFormInput, { message: messages[0] });
      setServerError(messageFor(result));
    });
  };
  const onSubmit = handleSubmit(() => save(false));

  return (
    <Form onSubmit={onSubmit} noValidate aria-labelledby="policy-heading">
      {saved && (
        <p role="status" className="notice">
          {saved}
        </p>
      )}
      <FormAlert message={serverError} />
      {/* Held still while the overdue question is open: "Save anyway" saves what was counted. */}
      <fieldset className="plain" disabled={overdue !== null}>
      <fieldset className="radios">
        <legend>Require multi-factor authentication</legend>
        <label>
          <input type="radio" value="off" {...register("required")} /> Off
        </label>
        <label>
          <input type="radio" value="on" {...register("required")} /> On
        </label>
      </fieldset>
      <Field
        label="Days to set it up"
        type="number"
        inputMode="numeric"
        min={0}
        max={90}
        hint="0 to 90. Staff who join later get the same number of days from then."
        error={errors.graceDays?.message}
        {...register("graceDays")}
      />
      <fieldset className="radios">
        <legend>Allowed methods</legend>
        <label>
          <input type="radio" value="ANY" {...register("allowed")} /> Authenticator app or email
        </label>
        <label>
          <input type="radio" value="TOTP_ONLY" {...register("allowed")} /> Authenticator app only
        </label>
      </fieldset>
      <fieldset className="radios">
        <legend>Mobile apps</legend>
        <label>
          <input type="checkbox" aria-describedby="mobile-mfa-hint" {...register("mobileMfa")} /> Require MFA in the mobile apps too
        </label>
        <p className="hint" id="mobile-mfa-hint">
          Off: the Android and iOS apps sign in with the password alone. On: staff who use MFA also enter their one-time password in the apps.
        </p>
      </fieldset>
      <Field label="Current password" type="password" autoComplete="current-password" hint="Required to change sign-in security." error={errors.currentPassword?.message} {...register("currentPassword")} />
      </fieldset>
      {overdue !== null ? (
        <div className="alert" role="alert" tabIndex={-1} ref={confirmRef}>
          <p>
            {overdue === 1 ? "1 staff member becomes" : `${overdue} staff become`} overdue at once and can only set up multi-factor authentication until they do. Save anyway?
          </p>
          <button className="button" type="button" onClick={() => save(true)} disabled={pending}>
            Save anyway
          </button>{" "}
          <button className="button secondary" type="button" onClick={() => setOverdue(null)} disabled={pending}>
            Cancel
          </button>
        </div>
      ) : (
        <button className="button" type="submit" disabled={pending}>
          Save
        </button>
      )}
    </Form>
  );
}
