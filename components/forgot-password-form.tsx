"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { requestResetAction } from "@/app/(auth)/login/forgot/actions";
import { callAction, messageFor } from "@/lib/errors";
import { RESET_LINK_TTL_MS } from "@/lib/security/limits";
import { forgotPasswordSchema, type ForgotPasswordInput } from "@/lib/validation/auth";
import { Field } from "./field";
import { FormAlert } from "./form-alert";
import { Form } from "./form";

/** The one answer to every request, whether the address is an account's or not. */
export const RESET_REQUESTED_MESSAGE = `If that address belongs to an account, we've emailed a link. It works for ${RESET_LINK_TTL_MS / 60_000} minutes.`;

export function ForgotPasswordForm() {
  const [serverError, setServerError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, setError, formState } = useForm<ForgotPasswordInput>({
    resolver: zodResolver(forgotPasswordSchema),
    defaultValues: { email: "" },
  });

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    startTransition(async () => {
      const result = await callAction(() => requestResetAction(values));
      if (result.ok) {
        setSent(true);
        return;
      }
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        setError(field as keyof ForgotPasswordInput, { message: messages[0] });
      }
      setServerError(messageFor(result));
    });
  });

  if (sent) {
    return (
      <p role="status" className="notice">
        {RESET_REQUESTED_MESSAGE}
      </p>
    );
  }
  return (
    <Form onSubmit={onSubmit} noValidate aria-describedby="forgot-intro">
      <p className="hint" id="forgot-intro">
        Enter the email address you sign in with. We&apos;ll email you a link to choose a new password.
      </p>
      <FormAlert message={serverError} />
      <Field label="Email" type="email" autoComplete="username" error={formState.errors.email?.message} {...register("email")} />
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Sending…" : "Email me a link"}
      </button>
    </Form>
  );
}
