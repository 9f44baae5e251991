/** "28 Nov 2026, 14:05 UTC": how the portal shows a moment (activity, sessions, staff, audit). */
export const formatMoment = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
