import { env, EnvError } from "./env";

/** Validates configuration at server start; a bad one stops the process with one line. */
export function checkConfigurationOrExit(): void {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
