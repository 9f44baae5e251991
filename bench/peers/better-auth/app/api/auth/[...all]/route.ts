// better-auth's whole HTTP API (sign-in/email, two-factor/verify-totp, ...).
import { getAuth } from "../../../../lib/auth";

export const dynamic = "force-dynamic";

const handler = (request: Request) => getAuth().handler(request);

export { handler as GET, handler as POST };
