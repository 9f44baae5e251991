"use client";

import { createContext, useContext, useState } from "react";

const Announce = createContext<((message: string) => void) | null>(null);

/**
 * The status line of Active sessions. It lives above the table, not in a
 * row: a row's own "Sign out" removes that row when the page refreshes, and
 * its message must outlive it.
 */
export function SessionsStatus({ children }: { children: React.ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Announce.Provider value={setMessage}>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      {children}
    </Announce.Provider>
  );
}

/** How a sign-out button reports what it did (to the status line when there is one). */
export const useAnnounce = () => useContext(Announce);
