import { errorMessages } from "@/lib/errors";

const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service unavailable</title><style>body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1c2330;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border:1px solid #d7dce3;border-radius:10px;padding:1.5rem;max-width:400px}</style></head>
<body><main><h1>Staff Portal</h1><p role="alert">${errorMessages.SERVICE_UNAVAILABLE}</p><p><a href="">Try again</a></p></main></body></html>`;

/** HTTP 503 with the one sentence users see while the database is unreachable (plain text for server actions). */
export function serviceUnavailableResponse(forAction: boolean): Response {
  return new Response(forAction ? errorMessages.SERVICE_UNAVAILABLE : page, {
    status: 503,
    headers: {
      "content-type": forAction ? "text/plain; charset=utf-8" : "text/html; charset=utf-8",
      "retry-after": "60",
      "cache-control": "no-store",
    },
  });
}
