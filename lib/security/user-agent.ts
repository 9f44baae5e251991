import UAParser from "ua-parser-js";

/** A browser and its operating system as people call them; null when the user agent does not say. */
export type BrowserInfo = { browser: string | null; os: string | null };

// ua-parser-js's names, where people know the thing by another one.
const browserNames: Record<string, string> = {
  "Mobile Safari": "Safari",
  "Mobile Firefox": "Firefox",
  "Mobile Chrome": "Chrome",
  "Chrome Headless": "Headless Chrome",
};
const osNames: Record<string, string> = { "Mac OS": "macOS", "Chromium OS": "ChromeOS" };

/** The browser and operating system of a user-agent string (ua-parser-js). */
export function parseUserAgent(userAgent: string | null): BrowserInfo {
  if (!userAgent) return { browser: null, os: null };
  const { browser, os } = new UAParser(userAgent).getResult();
  return {
    browser: browser.name ? (browserNames[browser.name] ?? browser.name) : null,
    os: os.name ? (osNames[os.name] ?? os.name) : null,
  };
}

/** "Chrome on Windows" from a user-agent string; enough to recognise one's own browsers. */
export function describeBrowser(userAgent: string | null): string {
  const { browser, os } = parseUserAgent(userAgent);
  const name = browser ?? "Unknown browser";
  return os ? `${name} on ${os}` : name;
}

/** "Staff Portal for iOS — Bea's iPhone": a mobile app's device, its platform read from the app's user agent. */
export function describeDevice(appName: string, userAgent: string | null, deviceName: string | null): string {
  const { os } = parseUserAgent(userAgent);
  const platform = os && /^(iOS|Android)\b/.exec(os)?.[1];
  return `${appName} for ${platform ?? "mobile"} — ${deviceName ?? "unnamed device"}`;
}

/** What a row of Active sessions is called: the browser, or the mobile app's device. */
export function describeSession(appName: string, session: { kind?: string; userAgent: string | null; deviceName?: string | null }): string {
  return session.kind === "MOBILE" ? describeDevice(appName, session.userAgent, session.deviceName ?? null) : describeBrowser(session.userAgent);
}
