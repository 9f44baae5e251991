import { useSyncExternalStore } from "react";

const subscribeToNothing = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true once the
 * component runs in the browser. A control that only works with JavaScript
 * (the name menu's button) stays disabled until then: a click that comes
 * before the page's JavaScript has loaded would otherwise be lost without a
 * sign, and the user (or a test) left waiting for a menu that never opens.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}
