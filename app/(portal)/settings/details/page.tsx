import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "My details" };

export default async function MyDetailsPage() {
  const { user } = await requireUser("/settings/details");
  return (
    <section className="card" aria-labelledby="details-heading">
      <h1 id="details-heading">My details</h1>
      <dl className="details">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Company</dt>
        <dd>{user.company.name}</dd>
      </dl>
    </section>
  );
}
