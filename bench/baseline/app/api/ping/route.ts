export const dynamic = "force-dynamic";

/** The bare route handler: JSON, no work. */
export function GET() {
  return Response.json({ ok: true, at: Date.now() });
}
