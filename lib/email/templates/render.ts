import { render } from "@react-email/render";
import type { ReactElement } from "react";
import type { EmailMessage } from "../types";

// html-to-text upper-cases headings by default; our plain text reads as written.
const htmlToTextOptions = { selectors: [{ selector: "h1", options: { uppercase: false } }] };

/** One email from one component: the HTML and, from the same element, the plain-text part. */
export async function renderEmail(to: string, subject: string, element: ReactElement): Promise<EmailMessage> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions })]);
  return { to, subject, text, html };
}
