import { SettingsNav } from "@/components/settings-nav";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="settings">
      <SettingsNav />
      <div className="stack">{children}</div>
    </div>
  );
}
