// The one layout of every email the portal sends, and its building blocks.
// Pure components: they receive data and never read the database or the clock.
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { emailContext, type EmailContext } from "../context";

const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const styles = {
  body: { backgroundColor: "#f4f5f7", fontFamily: font, margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", border: "1px solid #dfe1e6", borderRadius: "6px", maxWidth: "560px", padding: "24px 32px" },
  header: { color: "#172b4d", fontSize: "20px", fontWeight: 700, margin: "0 0 16px" },
  text: { color: "#172b4d", fontSize: "15px", lineHeight: "22px", margin: "0 0 16px" },
  code: { color: "#172b4d", fontFamily: "'SFMono-Regular', Consolas, 'Liberation Mono', monospace", fontSize: "28px", fontWeight: 700, letterSpacing: "6px", lineHeight: "36px", margin: "0 0 16px" },
  context: { color: "#42526e", fontSize: "14px", lineHeight: "20px", margin: "0 0 16px" },
  link: { color: "#0052cc", wordBreak: "break-all" as const },
  rule: { borderColor: "#dfe1e6", margin: "24px 0 16px" },
  footer: { color: "#6b778c", fontSize: "13px", lineHeight: "18px", margin: "0 0 8px" },
};

export type EmailLayoutProps = {
  appName: string;
  /** The line inbox lists show after the subject (not in the plain-text part). */
  preview: string;
  /** Why the recipient got this email; by default, because it concerns their account's security. */
  reason?: string;
  /** What to do if it wasn't them. */
  ifNotYou?: string;
  children: ReactNode;
};

/** The product's name as header, the message, then a footer: why they got it and what to do if it wasn't them. */
export function EmailLayout({ appName, preview, reason, ifNotYou, children }: EmailLayoutProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          {/* The subject already names the product: the plain-text part starts with the message. */}
          <Heading as="h1" style={styles.header} data-skip-in-text="true">
            {appName}
          </Heading>
          {children}
          <Hr style={styles.rule} />
          <Text style={styles.footer}>{reason ?? `You received this email because it concerns the security of your ${appName} account.`}</Text>
          {ifNotYou && <Text style={styles.footer}>{ifNotYou}</Text>}
        </Container>
      </Body>
    </Html>
  );
}

/** A paragraph of the message. */
export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}

/** A one-time code, large, on a line of its own (the plain-text part too: people and tests find it there). */
export function CodeBlock({ code }: { code: string }) {
  return <Text style={styles.code}>{code}</Text>;
}

/** A link shown as its own address, so that it can be checked before it is opened. */
export function UrlLine({ url }: { url: string }) {
  return (
    <Text style={styles.text}>
      <Link href={url} style={styles.link}>
        {url}
      </Link>
    </Text>
  );
}

/** Where and when the request that caused the email came from (lib/email/context.ts). */
export function ContextLine({ context, kind }: { context: EmailContext; kind?: Parameters<typeof emailContext>[1] }) {
  return <Text style={styles.context}>{emailContext(context, kind)}</Text>;
}
