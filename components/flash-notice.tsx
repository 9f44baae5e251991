"use client";

import { useEffect } from "react";
import { NOTICE_COOKIE } from "@/lib/notice";

/** Shows a one-time notice and clears its cookie so that it is not shown again. */
export function FlashNotice({ message }: { message: string }) {
  useEffect(() => {
    document.cookie = `${NOTICE_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
  }, []);
  return (
    <p role="status" className="notice">
      {message}
    </p>
  );
}
