"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { changeRoleAction, endExemptionAction, grantExemptionAction } from "@/app/(portal)/company/actions";
import { callAction, messageFor } from "@/lib/errors";
import { exemptionSchema, type ExemptionInput } from "@/lib/validation/company";
import { Field } from "./field";
import { FormAlert } from "./form-alert";
import { Form } from "./form";
import { useHydrated } from "./use-hydrated";

/** Role -> "Save role" on a staff member's page. */
export function RoleForm({ userId, role, self }: { userId: string; role: "STAFF" | "ADMIN"; self: boolean }) {
  const router = useRouter();
  const [value, setValue] = useState(role);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    startTransition(async () => {
      const result = await callAction(() => changeRoleAction({ userId, role: value }));
      if (!result.ok) return setError(messageFor(result));
      setSaved(true);
      router.refresh();
    });
  };
  return (
    <Form onSubmit={onSubmit} className="inline-form">
      <FormAlert message={error} />
      <div className="field">
        <label htmlFor="staff-role">Role</label>
        <select id="staff-role" value={value} onChange={(e) => setValue(e.target.value as "STAFF" | "ADMIN")} disabled={self}>
          <option value="STAFF">Staff</option>
          <option value="ADMIN">Administrator</option>
        </select>
      </div>
      <button className="button" type="submit" disabled={pending || self}>
        Save role
      </button>
      {self && <p className="hint">You can&apos;t change your own role. Ask another administrator.</p>}
      {saved && (
        <p role="status" className="notice">
          Role saved.
        </p>
      )}
    </Form>
  );
}

/** "Exempt from the MFA requirement": a reason and the last day, or "End exemption" while one runs. */
export function ExemptionForm({ userId, exemptUntil, maxDay, today }: { userId: string; exemptUntil: string | null; maxDay: string; today: string }) {
  const router = useRouter();
  const [serverError, setServerError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const { register, handleSubmit, setError, reset, formState } = useForm<ExemptionInput>({
    resolver: zodResolver(exemptionSchema),
    defaultValues: { userId, reason: "", until: "" },
  });
  const onGrant = handleSubmit((values) => {
    setServerError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await callAction(() => grantExemptionAction(values));
      if (!result.ok) {
        for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) setError(field as keyof ExemptionInput, { message: messages[0] });
        return setServerError(messageFor(result));
      }
      reset({ userId, reason: "", until: "" });
      setNotice("Exemption saved.");
      router.refresh();
    });
  });
  const onEnd = () => {
    setServerError(null);
    setNotice(null);
    startTransition(async () => {
      const result = await callAction(() => endExemptionAction({ userId }));
      if (!result.ok) return setServerError(messageFor(result));
      setNotice("Exemption ended.");
      router.refresh();
    });
  };
  return (
    <div>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <FormAlert message={serverError} />
      {exemptUntil ? (
        <button className="button secondary" type="button" onClick={onEnd} disabled={pending || !hydrated}>
          End exemption
        </button>
      ) : (
        <Form onSubmit={onGrant} noValidate aria-labelledby="exemption-heading">
          <input type="hidden" {...register("userId")} />
          <Field label="Reason" maxLength={200} error={formState.errors.reason?.message} {...register("reason")} />
          <Field label="Exempt until" type="date" min={today} max={maxDay} hint="At most 90 days from today." error={formState.errors.until?.message} {...register("until")} />
          <button className="button" type="submit" disabled={pending}>
            Exempt
          </button>
        </Form>
      )}
    </div>
  );
}
