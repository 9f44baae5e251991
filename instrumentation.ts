/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfigurationOrExit } = await import("./lib/startup");
  checkConfigurationOrExit();
}
