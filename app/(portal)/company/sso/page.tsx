import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SsoSettingsForm } from "@/components/sso-settings-form";
import { requireAdmin } from "@/lib/auth/current-user";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ssoSettingsView } from "@/lib/sso/admin";
import { connectionVersion, providerIdFor, type ConnectionView } from "@/lib/sso/connections";
import { ssoAllowHttp } from "@/lib/sso/discovery";

function summary(companyName: string, signInMethod: "SSO" | "PASSWORD", connection: ConnectionView | null): string {
  if (signInMethod === "SSO") {
    return connection ? `Staff of ${companyName} sign in through ${connection.displayName}.` : `Staff of ${companyName} sign in with single sign-on, but no identity provider is set up here yet: enter its details below.`;
  }
  return connection
    ? `Staff of ${companyName} sign in with a password. The identity provider below is set up but not enabled.`
    : `Staff of ${companyName} sign in with a password. To switch to single sign-on, enter your identity provider's details, tick \u201cStaff sign in with this identity provider\u201d and save.`;
}

export const metadata: Metadata = { title: "Single sign-on" };

/**
 * Company settings -> Single sign-on: the company's OpenID Connect
 * connection (never its secret), or an empty form to switch a password
 * company to single sign-on.
 */
export default async function SingleSignOnPage() {
  const current = await requireAdmin("/company/sso");
  const view = await ssoSettingsView(db, current);
  if (!view) notFound();
  const { connection } = view;
  const company = current.user.company;
  const redirectUri = `${env().APP_URL.replace(/\/+$/, "")}/api/auth/callback/${providerIdFor(company.slug)}`;
  return (
    <section className="card" aria-labelledby="sso-heading">
      <h1 id="sso-heading">Single sign-on</h1>
      <p>{summary(view.companyName, view.signInMethod, connection)}</p>
      <p className="hint">
        Register this redirect URI with your identity provider: <code>{redirectUri}</code>
      </p>
      <SsoSettingsForm
        values={{
          issuer: connection?.issuer ?? "",
          clientId: connection?.clientId ?? "",
          displayName: connection?.displayName ?? "",
          domains: connection?.domains ?? [],
          // An SSO company without a connection here yet (set up before connections were per company) stays on SSO.
          enabled: connection ? connection.enabled : view.signInMethod === "SSO",
        }}
        secretSet={connection?.secretSet ?? false}
        version={connectionVersion(connection)}
        hasPassword={view.hasPassword}
        allowHttp={ssoAllowHttp(env())}
      />
    </section>
  );
}
