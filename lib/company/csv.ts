/**
 * RFC 4180 CSV with CRLF line ends. A cell that a spreadsheet would read as a
 * formula (=, +, -, @, tab, CR) gets a leading apostrophe (OWASP CSV injection).
 * A byte-order mark first, so that spreadsheets read names as UTF-8.
 */
export function toCsv(header: string[], rows: (string | null)[][]): string {
  const cell = (value: string | null) => {
    let text = value ?? "";
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return "\uFEFF" + [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}
