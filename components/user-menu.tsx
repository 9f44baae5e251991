"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { signOutAction } from "@/app/(portal)/actions";
import { useHydrated } from "./use-hydrated";

/** The name button at the top right and its menu. */
export function UserMenu({ name, isAdmin }: { name: string; isAdmin: boolean }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const hydrated = useHydrated();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!wrapRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="menu-wrap" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button secondary"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        // Until the page's JavaScript runs, a click could not open the menu.
        disabled={!hydrated}
        onClick={() => setOpen((v) => !v)}
      >
        {name} ▾
      </button>
      {open && (
        <ul className="menu" role="menu" id={menuId} aria-label={name}>
          <li role="none">
            <Link role="menuitem" href="/settings/details" onClick={() => setOpen(false)}>
              My details / settings
            </Link>
          </li>
          {isAdmin && (
            <li role="none">
              <Link role="menuitem" href="/company/staff" onClick={() => setOpen(false)}>
                Company settings
              </Link>
            </li>
          )}
          <li role="none">
            <form action={signOutAction}>
              <button role="menuitem" type="submit">
                Sign out
              </button>
            </form>
          </li>
        </ul>
      )}
    </div>
  );
}
