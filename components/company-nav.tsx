"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/company/staff", label: "Staff" },
  { href: "/company/security", label: "Sign-in security" },
  { href: "/company/audit", label: "Audit log" },
];

export function CompanyNav() {
  const pathname = usePathname();
  return (
    <nav className="side-nav card" aria-label="Company settings">
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={pathname === link.href || pathname.startsWith(`${link.href}/`) ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
