import { CompanyNav } from "@/components/company-nav";
import { requireAdmin } from "@/lib/auth/current-user";

/** Company settings: administrators only; anyone else gets the 404 page, with no company navigation around it. */
export default async function CompanyLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin("/company/staff");
  return (
    <div className="settings">
      <CompanyNav />
      <div className="stack">{children}</div>
    </div>
  );
}
