import { z } from "zod/mini";

/**
 * Account settings -> Time zone. Only the shape: whether the portal knows the
 * zone is the server's to say (lib/users/time-zone.ts), from its own list.
 */
export const timeZoneFormSchema = z.object({
  timeZone: z.string().check(z.minLength(1, "Choose a time zone."), z.maxLength(64, "Choose a time zone from the list.")),
});
export type TimeZoneFormInput = z.input<typeof timeZoneFormSchema>;
