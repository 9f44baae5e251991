/** Runs once when the server starts (never during `next build`). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfigurationOrExit } = await import("./lib/startup");
  checkConfigurationOrExit();
  // Every request carries the client IP the portal decided (never the client's own X-Forwarded-For).
  const { installClientIpStamp, parseTrustedProxies } = await import("./lib/client-ip");
  installClientIpStamp(parseTrustedProxies(process.env.TRUSTED_PROXIES));
  // Every instance sends queued email (lib/email/queue.ts). In the background: a
  // database that is not there yet delays the emails, not the server's start.
  const { startEmailWorker } = await import("./lib/email/queue");
  startEmailWorker();
  // …and fans out the company announcements that queue those emails.
  const { startAnnouncementWorker } = await import("./lib/company/announce-queue");
  startAnnouncementWorker();
  // …and turns "Forgot your password?" requests into links and their emails.
  const { startResetWorker } = await import("./lib/auth/password-reset-queue");
  startResetWorker();
  // On SIGTERM (a deploy, a scale-down) or SIGINT, the jobs in hand finish or go
  // back to the queue before Next's own handler ends the process.
  const { stopQueueOnSignals } = await import("./lib/jobs/queue");
  stopQueueOnSignals();
}
