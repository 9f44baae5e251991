"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/settings/details", label: "My details" },
  { href: "/settings/account", label: "Account settings" },
];

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav className="side-nav card" aria-label="Settings">
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={pathname === link.href ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
