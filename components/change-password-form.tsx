"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { changePasswordAction } from "@/app/(portal)/settings/account/actions";
import { callAction, messageFor } from "@/lib/errors";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/validation/auth";
import { Field } from "./field";
import { FormAlert } from "./form-alert";
import { Form } from "./form";

export function ChangePasswordForm() {
  const [serverError, setServerError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, reset, setError, formState } = useForm<ChangePasswordInput>({
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    setSaved(false);
    startTransition(async () => {
      const result = await callAction(() => changePasswordAction(values));
      if (result.ok) {
        reset();
        setSaved(true);
        return;
      }
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        setError(field as keyof ChangePasswordInput, { message: messages[0] });
      }
      setServerError(messageFor(result));
    });
  });

  return (
    <Form onSubmit={onSubmit} noValidate aria-labelledby="password-heading">
      {saved && (
        <p role="status" className="notice">
          Your password has been changed. Other browsers signed in to your account have been signed out.
        </p>
      )}
      <FormAlert message={serverError} />
      <Field label="Current password" type="password" autoComplete="current-password" error={errors.currentPassword?.message} {...register("currentPassword")} />
      <Field label="New password" type="password" autoComplete="new-password" hint="At least 12 characters." error={errors.newPassword?.message} {...register("newPassword")} />
      <Field label="Confirm new password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...register("confirmPassword")} />
      <button className="button" type="submit" disabled={pending}>
        Change password
      </button>
    </Form>
  );
}
