// The system browser's last page of a mobile single sign-on: the person
// confirms that their app on that device may sign in as them.
const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1c2330;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;border:1px solid #d7dce3;border-radius:10px;padding:1.5rem;max-width:420px}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #1c2330;background:#1c2330;color:#fff;cursor:pointer}
a{color:#1c4fd8}button:focus-visible,a:focus-visible{outline:3px solid #1c4fd8;outline-offset:2px}`;

function page(appName: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(appName)} app sign-in</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** "Sign in to the Staff Portal app on “Ivy's Pixel”?" with Continue (a same-origin POST) and Cancel. */
export function consentPage(appName: string, input: { deviceName: string; name: string; email: string }): string {
  const app = escapeHtml(appName);
  return page(
    appName,
    `<h1>Sign in to the ${app} app?</h1>
<p>The ${app} app on <strong>${escapeHtml(input.deviceName)}</strong> asks to sign in as ${escapeHtml(input.name)} (${escapeHtml(input.email)}).</p>
<p>Continue only if you started this sign-in in the app on your own device.</p>
<form method="post" action="/api/mobile/v1/sso/complete"><button type="submit">Continue to the app</button></form>
<p><a href="/">Cancel</a></p>`,
  );
}

/** Why the browser's sign-in for the app did not finish, and what to do. */
export function consentErrorPage(appName: string): string {
  return page(appName, `<h1>This sign-in did not finish</h1><p role="alert">Go back to the ${escapeHtml(appName)} app and sign in again.</p>`);
}
