"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { saveTimeZoneAction } from "@/app/(portal)/settings/account/time-zone-actions";
import { callAction, messageFor } from "@/lib/errors";
import { timeZoneFormSchema, type TimeZoneFormInput } from "@/lib/validation/account";
import { FormAlert } from "./form-alert";
import { Form } from "./form";

/** "Europe/London" reads as "Europe/London", "America/New_York" as "America/New York". */
const label = (zone: string) => zone.replaceAll("_", " ");

/** Account settings -> Time zone: where the times in the user's emails are shown. The page gives the server's list. */
export function TimeZoneForm({ current, options }: { current: string; options: string[] }) {
  const [serverError, setServerError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, setError, formState } = useForm<TimeZoneFormInput>({
    resolver: zodResolver(timeZoneFormSchema),
    defaultValues: { timeZone: current },
  });
  const error = formState.errors.timeZone?.message;
  // A stored zone this runtime no longer lists stays selectable, so that the form shows what is in force.
  const zones = options.includes(current) ? options : [current, ...options];

  const onSubmit = handleSubmit((values) => {
    setServerError(null);
    setSaved(null);
    startTransition(async () => {
      const result = await callAction(() => saveTimeZoneAction(values));
      if (result.ok) {
        setSaved(result.timeZone);
        return;
      }
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) setError(field as keyof TimeZoneFormInput, { message: messages[0] });
      setServerError(messageFor(result));
    });
  });

  return (
    <Form onSubmit={onSubmit} noValidate aria-labelledby="time-zone-heading">
      {saved && (
        <p role="status" className="notice">
          Time zone saved. Emails about your account now show times in {label(saved)}.
        </p>
      )}
      <FormAlert message={serverError} />
      <div className="field">
        <label htmlFor="time-zone">Time zone</label>
        <select
          id="time-zone"
          aria-invalid={error ? true : undefined}
          aria-describedby={["time-zone-hint", error && "time-zone-error"].filter(Boolean).join(" ")}
          {...register("timeZone")}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {label(zone)}
            </option>
          ))}
        </select>
        <p className="hint" id="time-zone-hint">
          Sign-in codes and security notices show times in this zone.
        </p>
        {error && (
          <p className="field-error" id="time-zone-error">
            {error}
          </p>
        )}
      </div>
      <button className="button" type="submit" disabled={pending}>
        Save
      </button>
    </Form>
  );
}
