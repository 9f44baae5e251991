import type { APIRequestContext, Request } from "@playwright/test";

/**
 * Replays a recorded server action with other arguments, as a script posting
 * directly would (the action id comes from the browser's real request, so
 * this works against any build).
 */
export function replayAction(
  request: APIRequestContext,
  recorded: Request,
  url: string,
  args: unknown[],
  extraHeaders: Record<string, string> = {},
) {
  return request.post(url, {
    headers: {
      "next-action": recorded.headers()["next-action"]!,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: new URL(url).origin,
      ...extraHeaders,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
}
