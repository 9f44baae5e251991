import { SideNav } from "./side-nav";

const links = [
  { href: "/company/staff", label: "Staff" },
  { href: "/company/security", label: "Sign-in security" },
  { href: "/company/sso", label: "Single sign-on" },
  { href: "/company/audit", label: "Audit log" },
];

export function CompanyNav() {
  return <SideNav label="Company settings" links={links} />;
}
