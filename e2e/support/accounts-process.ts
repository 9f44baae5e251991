// The fixtures' account maker: one process per Playwright worker that creates
// users with the code of `npm run user:create` (lib/users/create-user.ts) on
// the database under test (DATABASE_URL: the suite's, or E2E_DATABASE_URL).
// A process of its own because the Prisma client is an ES module that
// Playwright's test transform cannot load; one per worker, not one per user,
// because starting tsx costs about a second.
//
// Protocol, over Node's IPC channel (standard output stays the app's logs):
// requests `{ id, user: { email, name, password, company, role } }`, answers
// `{ id, result: CreateUserResult }` or `{ id, error: "message" }`. Ends when
// the channel closes (the worker stopped it, or died).
import type { CreateUserInput, CreateUserResult } from "../../lib/users/create-user";

type Request = { id: number; user: CreateUserInput };

const pending = new Set<Promise<void>>();
// The app's modules load after the handlers are in place: a channel closed
// while they load still ends the process.
const app = Promise.all([import("../../lib/db"), import("../../lib/users/create-user")]).then(([{ db }, { createUser }]) => ({
  createUser: (input: CreateUserInput): Promise<CreateUserResult> => createUser(db, input),
}));

async function handle(request: Request) {
  try {
    process.send!({ id: request.id, result: await (await app).createUser(request.user) });
  } catch (error) {
    process.send!({ id: request.id, error: (error as Error).message });
  }
}

process.on("message", (request: Request) => {
  const task = handle(request).finally(() => pending.delete(task));
  pending.add(task);
});
// The worker is done (or gone): finish what was asked, then exit (the pool's
// connections close with the process).
const finish = () => void Promise.allSettled(pending).then(() => process.exit(0));
process.on("disconnect", finish);
if (!process.connected) finish(); // closed while this process was starting
