import Link from "next/link";

/** The company's MFA requirement above every portal page: a status while the deadline runs, an alert on the last day and after it. */
export function MfaRequirementBanner({ text, urgent }: { text: string; urgent: boolean }) {
  return (
    <div className={urgent ? "banner urgent" : "banner"} role={urgent ? "alert" : "status"}>
      <p>
        {text} <Link href="/settings/account#mfa-heading">Set up multi-factor authentication</Link>
      </p>
    </div>
  );
}
