"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { signInAction, signInMethodAction, ssoSignInAction } from "@/app/(auth)/login/actions";
import { callAction, errorMessages, messageFor } from "@/lib/errors";
import type { SignInRoute } from "@/lib/auth/sign-in-method";
import { signInSchema, type SignInInput } from "@/lib/validation/auth";
import { Field } from "./field";
import { FormAlert } from "./form-alert";
import { Form } from "./form";

type Props = {
  callbackUrl: string;
  /** A message to show on arrival (expired sign-in, SSO refusal). */
  initialError?: string | null;
};

export function SignInForm({ callbackUrl, initialError }: Props) {
  const [serverError, setServerError] = useState<string | null>(initialError ?? null);
  const [route, setRoute] = useState<SignInRoute>({ method: "PASSWORD" });
  const method = route.method;
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
    const found = await signInMethodAction(email).then((r) => r, (): SignInRoute => ({ method: "PASSWORD" }));
    if (getValues("email") === email) setRoute(found);
  };

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    startTransition(async () => {
      const result = await callAction(() => signInAction(values));
      if (result.ok) {
        router.replace(result.redirectTo);
        return;
      }
      if (result.error === "SSO_REQUIRED" && "sso" in result && result.sso) setRoute(result.sso);
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
    onChange: () => setRoute({ method: "PASSWORD" }),
    onBlur: () => void lookUpMethod(),
  });

  return (
    <Form onSubmit={onSubmit} noValidate>
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
      ) : (
        <button className="button" type="button" onClick={onSso} disabled={pending}>
          {route.method === "SSO" ? route.label : "Sign in with SSO"}
        </button>
      )}
    </Form>
  );
}
