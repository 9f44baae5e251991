import { useEffect, useRef, type ComponentProps } from "react";
import { useHydrated } from "./use-hydrated";

/**
 * A form whose submission its script handles (react-hook-form, then a server
 * action called from onSubmit). Until that script runs, every control in it
 * is disabled (a fieldset that lays out as if it were not there), so nothing
 * typed or pressed before the page's JavaScript has loaded is lost without a
 * sign or submitted by the browser itself. And should the browser submit it
 * anyway, it posts: its fields never land in an address, a history entry or a
 * server's access log, as a bare form's GET would put them.
 *
 * The browser skips `autofocus` on a field that is disabled when the page
 * loads, and React does not focus the fields it hydrates; so once enabled,
 * the field marked autofocus takes the focus, unless the user has put it
 * elsewhere. (Children's mount effects run before the fieldset is enabled:
 * focus from there would miss.)
 */
export function Form({ children, ...props }: Omit<ComponentProps<"form">, "method" | "action">) {
  const hydrated = useHydrated();
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!hydrated || (document.activeElement && document.activeElement !== document.body)) return;
    ref.current?.querySelector<HTMLElement>("[autofocus]")?.focus();
  }, [hydrated]);
  return (
    <form ref={ref} method="post" {...props}>
      <fieldset className="form-body" role="none" disabled={!hydrated}>
        {children}
      </fieldset>
    </form>
  );
}
