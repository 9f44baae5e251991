"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { signInAction, signInMethodAction, ssoSignInAction } from "@/app/(auth)/login/actions";
import { callAction, errorMessages, messageFor } from "@/lib/errors";
import { signInSchema, type SignInInput } from "@/lib/validation/auth";
import { Field } from "./field";
import { FormAlert } from "./form-alert";

type Props = {
  callbackUrl: string;
  /** A message to show on arrival (expired sign-in, SSO refusal). */
  initialError?: string | null;
  /** The SSO button's label, or null when single sign-on is not configured. */
  ssoLabel: string | null;
};

export function SignInForm({ callbackUrl, initialError, ssoLabel }: Props) {
  const [serverError, setServerError] = useState<string | null>(initialError ?? null);
  const [method, setMethod] = useState<"PASSWORD" | "SSO">("PASSWORD");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, resetField, getValues, formState } = useForm<SignInInput>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "", callbackUrl },
  });

  // Email first: an SSO company's user is offered their identity provider instead of a password field.
  const lookUpMethod = async () => {
    const email = getValues("email");
    if (!email) return;
    const found = await signInMethodAction(email).then((r) => r.method, () => "PASSWORD" as const);
    if (getValues("email") === email) setMethod(found);
  };

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    startTransition(async () => {
      const result = await callAction(() => signInAction(values));
      if (result.ok) {
        router.replace(result.redirectTo);
        return;
      }
      if (result.error === "SSO_REQUIRED") setMethod("SSO");
      else setServerError(messageFor(result));
      resetField("password");
    });
  });

  const onSso = () => {
    setServerError(null);
    startTransition(async () => {
      const result = await callAction(() => ssoSignInAction({ email: getValues("email"), callbackUrl }));
      if (!result.ok) setServerError(messageFor(result));
    });
  };

  const emailField = register("email", {
    onChange: () => setMethod("PASSWORD"),
    onBlur: () => void lookUpMethod(),
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <FormAlert message={serverError ?? (method === "SSO" ? errorMessages.SSO_REQUIRED : null)} />
      <Field label="Email" type="email" autoComplete="username" error={formState.errors.email?.message} {...emailField} />
      {method === "PASSWORD" ? (
        <>
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
          <p className="hint" style={{ marginTop: "0.9rem" }}>
            <Link href="/login/forgot">Forgot your password?</Link>
          </p>
        </>
      ) : ssoLabel ? (
        <button className="button" type="button" onClick={onSso} disabled={pending}>
          {ssoLabel}
        </button>
      ) : (
        <p className="hint">{errorMessages.SSO_NOT_CONFIGURED}</p>
      )}
    </form>
  );
}
