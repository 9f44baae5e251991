"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { signInAction } from "@/app/(auth)/login/actions";
import { errorMessages, messageFor } from "@/lib/errors";
import { signInSchema, type SignInInput } from "@/lib/validation/auth";
import { Field } from "./field";
import { FormAlert } from "./form-alert";

export function SignInForm({ callbackUrl, expired }: { callbackUrl: string; expired?: boolean }) {
  const [serverError, setServerError] = useState<string | null>(
    expired ? errorMessages.CHALLENGE_EXPIRED : null,
  );
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, resetField, formState } = useForm<SignInInput>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "", callbackUrl },
  });

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    startTransition(async () => {
      const result = await signInAction(values);
      if (result.ok) {
        router.replace(result.redirectTo);
        return;
      }
      setServerError(messageFor(result));
      resetField("password");
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormAlert message={serverError} />
      <Field label="Email" type="email" autoComplete="username" error={formState.errors.email?.message} {...register("email")} />
      <Field
        label="Password"
        type="password"
        autoComplete="current-password"
        error={formState.errors.password?.message}
        {...register("password")}
      />
      <button className="button" type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
