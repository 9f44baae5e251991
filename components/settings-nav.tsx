import { SideNav } from "./side-nav";

const links = [
  { href: "/settings/details", label: "My details" },
  { href: "/settings/account", label: "Account settings" },
];

export function SettingsNav() {
  return <SideNav label="Settings" links={links} />;
}
