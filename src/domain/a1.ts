/**
 * A1 notation: column letters, cell and range addresses, and the addresses Excel returns. One
 * implementation for the layout planner, the Excel adapter and the tests' Excel fake, so the
 * planner's ranges and the adapter's addresses cannot disagree on a column past Z.
 */

/** 0-based inclusive rectangle on a sheet. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** `0` → `A`, `25` → `Z`, `27` → `AB` (bijective base 26: there is no zero digit). */
export function colLetters(col: number): string {
  let n = col + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** `A` → `0`, `AB` → `27`; lower case is accepted. */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** `B3`, or `A1:C3` for a rectangle of more than one cell. */
export function a1(rect: Rect): string {
  const a = `${colLetters(rect.c0)}${rect.r0 + 1}`;
  const b = `${colLetters(rect.c1)}${rect.r1 + 1}`;
  return a === b ? a : `${a}:${b}`;
}

/** Parses the address Excel returns (`'客户档案'!A1:AE2`, `Sheet1!B3`) into a rectangle. */
export function parseA1(address: string): Rect {
  const bang = address.lastIndexOf("!");
  const text = (bang >= 0 ? address.slice(bang + 1) : address).replace(/\$/g, "").toUpperCase();
  const [first, second] = text.split(":");
  const cell = (p: string | undefined) => {
    const m = /^([A-Z]+)(\d+)$/.exec(p ?? "");
    if (!m) throw new Error(`Unexpected address ${address}`);
    return { r: Number(m[2]) - 1, c: colIndex(m[1]!) };
  };
  const a = cell(first);
  const b = second === undefined ? a : cell(second);
  return { r0: a.r, c0: a.c, r1: b.r, c1: b.c };
}

/** A sheet name as it must appear before `!` in an address. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
