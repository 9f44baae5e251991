import Link from "next/link";
import type { RecoveryBanner as Banner } from "@/lib/mfa/recovery-banner";

/** Recovery codes running low, above every portal page. */
export function RecoveryBanner({ banner }: { banner: Banner }) {
  return (
    <div className="banner" role="status">
      <p>
        {banner.text} <Link href={banner.href}>{banner.linkText}</Link>
      </p>
    </div>
  );
}
