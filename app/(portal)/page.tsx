import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage() {
  const { user } = await requireUser("/");
  return (
    <div className="card">
      <h1>Hello, {user.name}</h1>
      <p>
        You are signed in to <strong>{user.company.name}</strong>.
      </p>
    </div>
  );
}
