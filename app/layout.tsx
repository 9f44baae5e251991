import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

const appName = process.env.APP_NAME || "Staff Portal";

export const metadata: Metadata = { title: { default: appName, template: `%s · ${appName}` } };

/**
 * Every page is rendered per request: its scripts carry that response's CSP
 * nonce (a page prerendered at build time would have none, and be blocked).
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        {/* Its forms and menus work only with JavaScript, and stay disabled without it. */}
        <noscript>
          <p className="notice">Staff Portal needs JavaScript: turn it on in your browser to sign in and change settings.</p>
        </noscript>
        {children}
      </body>
    </html>
  );
}
