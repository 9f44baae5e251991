import { env } from "@/lib/env";
import { json } from "@/lib/mobile/http";
import { openApiDocument } from "@/lib/mobile/openapi";

/** The mobile API's OpenAPI 3.1 description. */
export async function GET() {
  return json(openApiDocument(env().APP_URL));
}
