import type { ComponentProps } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * A form whose submission its script handles (react-hook-form, then a server
 * action called from onSubmit). Until that script runs, every control in it
 * is disabled (a fieldset that lays out as if it were not there), so nothing
 * typed or pressed before the page's JavaScript has loaded is lost without a
 * sign or submitted by the browser itself. And should the browser submit it
 * anyway, it posts: its fields never land in an address, a history entry or a
 * server's access log, as a bare form's GET would put them.
 */
export function Form({ children, ...props }: Omit<ComponentProps<"form">, "method" | "action">) {
  const hydrated = useHydrated();
  return (
    <form method="post" {...props}>
      <fieldset className="form-body" disabled={!hydrated}>
        {children}
      </fieldset>
    </form>
  );
}
