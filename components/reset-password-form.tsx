"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { choosePasswordAction } from "@/app/(auth)/login/reset/actions";
import { callAction, messageFor, type ErrorCode } from "@/lib/errors";
import { resetPasswordSchema, type ResetPasswordInput } from "@/lib/validation/auth";
import { Field } from "./field";
import { FormAlert } from "./form-alert";
import { Form } from "./form";

/** "Choose a new password" on the emailed link: the fields and rules of Change password. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [serverError, setServerError] = useState<{ code: ErrorCode; message: string } | null>(null);
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, reset, setError, formState } = useForm<ResetPasswordInput>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { token, newPassword: "", confirmPassword: "" },
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    startTransition(async () => {
      const result = await callAction(() => choosePasswordAction(values));
      if (result.ok) {
        router.replace(result.redirectTo);
        return;
      }
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        setError(field as keyof ResetPasswordInput, { message: messages[0] });
      }
      setServerError({ code: result.error, message: messageFor(result) });
      if (result.error !== "PASSWORD_TOO_COMMON" && result.error !== "INVALID_INPUT") reset({ token, newPassword: "", confirmPassword: "" });
    });
  });

  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Choose a new password">
      <FormAlert message={serverError?.message} />
      {serverError?.code === "RESET_LINK_INVALID" && (
        <p>
          <Link href="/login/forgot">Ask for a new link</Link>
        </p>
      )}
      <input type="hidden" {...register("token")} />
      <Field label="New password" type="password" autoComplete="new-password" hint="At least 12 characters." error={errors.newPassword?.message} {...register("newPassword")} />
      <Field label="Confirm new password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...register("confirmPassword")} />
      <button className="button" type="submit" disabled={pending}>
        Change password
      </button>
    </Form>
  );
}
