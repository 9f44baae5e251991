import Link from "next/link";
import { UserMenu } from "@/components/user-menu";
import { getCurrentUser } from "@/lib/auth/current-user";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // Each page calls requireUser with its own path, so a signed-out visitor is
  // sent to sign-in with the right callbackUrl; the layout only draws the shell.
  const current = await getCurrentUser();
  return (
    <>
      <header className="header">
        <Link href="/" className="brand">
          {process.env.APP_NAME || "Staff Portal"}
        </Link>
        {current && <UserMenu name={current.user.name} />}
      </header>
      <main className="main">{children}</main>
    </>
  );
}
