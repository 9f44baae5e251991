import Link from "next/link";

/** "Previous / Page 2 of 5 / Next" under a list; `href` makes the link of a page. */
export function Pager({ page, pages, href, previous = "Previous page", next = "Next page" }: { page: number; pages: number; href: (page: number) => string; previous?: string; next?: string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 && <Link href={href(page - 1)}>{previous}</Link>}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && <Link href={href(page + 1)}>{next}</Link>}
    </nav>
  );
}
