import { connection } from "next/server";

/** The bare dynamic page: rendered on every request, no data, no client code. */
export default async function Page() {
  await connection();
  return (
    <main>
      <h1>Baseline</h1>
      <p>Rendered at {new Date().toISOString()}</p>
    </main>
  );
}
