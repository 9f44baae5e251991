import { spawn, type ChildProcess } from "node:child_process";
import type { CreateUserInput, CreateUserResult } from "../../lib/users/create-user";
import type { Enrolled, EnrolInput } from "./accounts-process";
import { E2E_ENV } from "./env";

type Answer = { id: number; result?: unknown; error?: string };

/**
 * Creates users through `npm run user:create`'s code (lib/users/create-user.ts)
 * in a process of its own (e2e/support/accounts-process.ts), started once per
 * worker: about a second saved on every user against running the CLI.
 */
export class AccountsProcess {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private stderr = "";

  constructor() {
    this.child = spawn(process.execPath, ["--import", "tsx", "e2e/support/accounts-process.ts"], {
      env: { ...process.env, ...E2E_ENV },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.child.stderr!.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.child.on("message", (answer: Answer) => {
      this.waiting.get(answer.id)?.resolve(answer);
      this.waiting.delete(answer.id);
    });
    this.child.on("exit", (code) => {
      for (const { reject } of this.waiting.values()) reject(new Error(`The account maker stopped (exit ${code}): ${this.stderr}`));
      this.waiting.clear();
    });
  }

  /** lib/users/create-user.ts's createUser on the database under test: the user's id; throws with its message when refused. */
  async createUser(input: CreateUserInput): Promise<string> {
    const result = (await this.ask({ user: input }, `create ${input.email}`)) as CreateUserResult;
    if (!result.ok) throw new Error(`Could not create ${input.email}: ${result.message}`);
    return result.userId;
  }

  /**
   * Turns MFA on with the portal's own code behind Account settings (needs
   * the suite's MFA key: local mode only). The authenticator's secret and
   * the step whose code confirmed it, and the recovery codes issued.
   */
  async enrol(input: EnrolInput): Promise<{ secret?: string; step?: number; recoveryCodes: string[] }> {
    const result = (await this.ask({ enrol: input }, `turn on ${input.method} for ${input.userId}`)) as Enrolled;
    if (!result.ok) throw new Error(`Could not turn on ${input.method} for ${input.userId}: ${result.error}`);
    return result;
  }

  private async ask(request: object, what: string): Promise<unknown> {
    const id = this.nextId++;
    const answer = await new Promise<Answer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, ...request });
    });
    if (answer.error) throw new Error(`Could not ${what}: ${answer.error}`);
    return answer.result;
  }

  /** Closes the channel: the process finishes what it was asked and exits (killed if it has not within 5 s). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
