import type { Metadata } from "next";
import "./globals.css";

const appName = process.env.APP_NAME || "Staff Portal";

export const metadata: Metadata = { title: { default: appName, template: `%s · ${appName}` } };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
