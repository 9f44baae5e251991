// Shadows the portal's proxy.ts (Next.js finds the one at turbopack.root, the
// repository, when the app has none) and matches nothing: the ceiling runs no proxy.
export default function proxy() {}

export const config = { matcher: ["/__baseline_has_no_proxy__"] };
