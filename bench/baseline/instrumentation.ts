// Shadows the portal's instrumentation.ts (which Next.js would otherwise pick
// up from the repository root): the ceiling app starts nothing, no email worker.
export function register() {}
