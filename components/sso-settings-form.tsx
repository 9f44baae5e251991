"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { saveSsoSettingsAction, testSsoConnectionAction } from "@/app/(portal)/company/actions";
import { callAction, errorMessages, messageFor } from "@/lib/errors";
import type { ConnectionCheck } from "@/lib/sso/discovery";
import { ssoSettingsSchema, type SsoSettingsInput, type SsoSettingsOutput } from "@/lib/validation/sso";
import { Field } from "./field";
import { FormAlert } from "./form-alert";
import { Form } from "./form";

type Values = { issuer: string; clientId: string; displayName: string; domains: string[]; enabled: boolean };

type Props = {
  values: Values;
  /** Whether a client secret is stored (it is never sent to the browser). */
  secretSet: boolean;
  /** Whether the administrator has a password to confirm sensitive changes with. */
  hasPassword: boolean;
  /** Whether http:// issuers are accepted here (outside production, or SSO_ALLOW_HTTP=1). */
  allowHttp: boolean;
  /** The saved connection's version this page shows: the server refuses a save if another administrator saved since. */
  version: string;
};

/**
 * Company settings -> Single sign-on: the OpenID Connect connection, "Test
 * connection", and a confirmation that says what happens to staff sign-in
 * before a change of issuer or of whether single sign-on is on is saved.
 */
export function SsoSettingsForm({ values, secretSet, hasPassword, allowHttp, version }: Props) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<string | null>(null);
  const [checks, setChecks] = useState<ConnectionCheck[] | null>(null);
  const [pending, startTransition] = useTransition();
  const [testing, startTest] = useTransition();
  const confirmRef = useRef<HTMLDivElement>(null);
  const schema = useMemo(() => ssoSettingsSchema({ allowHttp }), [allowHttp]);
  const { register, handleSubmit, setError, clearErrors, resetField, trigger, getValues, formState } = useForm<SsoSettingsInput, unknown, SsoSettingsOutput>({
    resolver: zodResolver(schema),
    defaultValues: { ...values, domains: values.domains.join("\n"), clientSecret: "", currentPassword: "" },
  });
  const errors = formState.errors;

  useEffect(() => {
    if (confirmation) confirmRef.current?.focus();
  }, [confirmation]);

  const save = (confirm: boolean) => {
    setServerError(null);
    setSaved(null);
    startTransition(async () => {
      const result = await callAction(() => saveSsoSettingsAction({ ...getValues(), confirm, version }));
      if (result.ok) {
        setConfirmation(null);
        resetField("clientSecret");
        resetField("currentPassword");
        setSaved(result.state === "unchanged" ? "Nothing changed." : "Single sign-on saved.");
        router.refresh();
        return;
      }
      if (result.error === "CONFIRM_SSO_CHANGE" && result.confirmation) {
        setConfirmation(result.confirmation);
        return;
      }
      setConfirmation(null);
      resetField("currentPassword");
      const fields = { ...result.fieldErrors };
      if (result.error === "WRONG_CURRENT_PASSWORD") fields.currentPassword = [errorMessages.WRONG_CURRENT_PASSWORD];
      let focused = false;
      for (const [field, messages] of Object.entries(fields)) {
        setError(field as keyof SsoSettingsInput, { message: messages[0] }, { shouldFocus: !focused });
        focused = true;
      }
      setServerError(messageFor(result));
    });
  };
  const onSubmit = handleSubmit(() => save(false));

  const onTest = () => {
    setChecks(null);
    setServerError(null);
    startTest(async () => {
      if (!(await trigger("issuer", { shouldFocus: true }))) return;
      clearErrors("issuer");
      const result = await callAction(() => testSsoConnectionAction({ issuer: getValues("issuer") }));
      if (result.ok) {
        setChecks(result.checks);
        return;
      }
      const issuerError = result.fieldErrors?.issuer?.[0];
      if (issuerError) setError("issuer", { message: issuerError }, { shouldFocus: true });
      else setServerError(messageFor(result));
    });
  };

  const failed = checks?.filter((c) => !c.ok).length ?? 0;

  return (
    <Form onSubmit={onSubmit} noValidate aria-labelledby="sso-heading">
      {saved && (
        <p role="status" className="notice">
          {saved}
        </p>
      )}
      <FormAlert message={serverError} />
      {/* Held still while the confirmation is open: "Confirm and save" saves what it describes. */}
      <fieldset className="plain" disabled={confirmation !== null}>
        <Field
          label="Issuer URL"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          hint="Exactly as your identity provider states it, like https://login.example.com/tenant."
          error={errors.issuer?.message}
          {...register("issuer")}
        />
        <Field label="Client ID" autoComplete="off" spellCheck={false} error={errors.clientId?.message} {...register("clientId")} />
        <Field
          label="Client secret"
          type="password"
          autoComplete="off"
          spellCheck={false}
          hint={secretSet ? "Set. Leave empty to keep it." : "Required: your identity provider shows it when you register the portal."}
          error={errors.clientSecret?.message}
          {...register("clientSecret")}
        />
        <Field label="Display name" hint='Shown on the sign-in page as "Sign in with …".' error={errors.displayName?.message} {...register("displayName")} />
        <TextArea
          label="Email domains"
          hint="One per line or comma-separated. Staff whose email is at one of these domains sign in through this identity provider."
          error={errors.domains?.message}
          rows={3}
          spellCheck={false}
          {...register("domains")}
        />
        <fieldset className="radios">
          <legend>Enabled</legend>
          <label>
            <input type="checkbox" {...register("enabled")} /> Staff sign in with this identity provider
          </label>
        </fieldset>
        {hasPassword ? (
          <Field
            label="Current password"
            type="password"
            autoComplete="current-password"
            hint="Needed to change the issuer or to turn single sign-on on or off."
            error={errors.currentPassword?.message}
            {...register("currentPassword")}
          />
        ) : (
          <p className="hint" style={{ marginBottom: "0.9rem" }}>
            Your account has no password: to change the issuer or turn single sign-on off, sign out, sign in again through your identity provider, and save within 10 minutes.
          </p>
        )}
      </fieldset>

      <div role="status" aria-live="polite" className="stack" style={{ gap: "0.3rem", marginBottom: checks || testing ? "0.9rem" : 0 }}>
        {testing && <p className="hint">Testing the connection…</p>}
        {checks && (
          <>
            <p>
              <strong>Connection test: {failed === 0 ? "all checks passed." : `${failed} of ${checks.length} checks failed.`}</strong>
            </p>
            <ul style={{ margin: 0, paddingLeft: "1.2rem", listStyle: "none" }}>
              {checks.map((check) => (
                <li key={check.label}>
                  {check.ok ? "✓" : "✗"} {check.label}: {check.detail}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      {confirmation !== null ? (
        <div className="alert" role="alert" tabIndex={-1} ref={confirmRef}>
          <p>{confirmation}</p>
          <button className="button" type="button" onClick={() => save(true)} disabled={pending}>
            Confirm and save
          </button>{" "}
          <button className="button secondary" type="button" onClick={() => setConfirmation(null)} disabled={pending}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="row">
          <button className="button secondary" type="button" onClick={onTest} disabled={testing || pending}>
            Test connection
          </button>
          <button className="button" type="submit" disabled={pending}>
            Save
          </button>
        </div>
      )}
    </Form>
  );
}

type TextAreaProps = React.TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string; hint?: string; ref?: React.Ref<HTMLTextAreaElement> };

/** A labelled textarea with its error and hint wired up for screen readers, like `Field`. */
function TextArea({ label, error, hint, ref, ...input }: TextAreaProps) {
  const id = useId();
  const describedBy = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        style={{ font: "inherit", padding: "0.55rem 0.65rem", border: "1px solid var(--border)", borderRadius: 6 }}
        {...input}
      />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
