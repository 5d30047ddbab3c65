/**
 * Bytes of an imported text file → text, and how the encoding was chosen. Chinese offices
 * produce: "CSV UTF-8" (with a byte-order mark), UTF-8 without one (other tools), "CSV (逗号分隔)"
 * in the system code page (GBK/GB18030 on the mainland, Big5 in Taiwan and Hong Kong), and
 * "Unicode text" (UTF-16LE with a BOM; some tools drop the BOM). The order of the tests:
 *
 * 1. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
 * 2. UTF-16 without a BOM shows as zero bytes at every other position (ASCII digits, commas and
 *    line breaks are 00-padded), at odd positions for LE, even for BE;
 * 3. valid UTF-8 is UTF-8 (GBK and Big5 text is almost never valid UTF-8); a file that is UTF-8
 *    but for a few bad bytes (a line pasted from elsewhere) stays UTF-8, the bad bytes become
 *    U+FFFD and the lines holding them are reported — reading it as GB18030 would turn every
 *    name into mojibake;
 * 4. otherwise GB18030 or Big5, by the verdict of a real detector (chardet's multi-byte
 *    recognisers), restricted to those two; GB18030 when it cannot tell.
 *
 * The user sees the choice with a sample line and can pick another encoding (decodeAs).
 */
import { analyse } from "chardet";

export type TextEncodingName = "utf-8" | "utf-8-bom" | "utf-16le" | "utf-16be" | "gb18030" | "big5";

/** The encodings the user may choose from, in the order the pane lists them. */
export const TEXT_ENCODINGS: readonly TextEncodingName[] = [
  "utf-8",
  "gb18030",
  "big5",
  "utf-16le",
  "utf-16be",
];

/** How the encoding was chosen. */
export type EncodingReason = "bom" | "zeros" | "utf8" | "utf8-repaired" | "detector" | "chosen";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  reason: EncodingReason;
  /** 1-based text lines holding replaced (undecodable) bytes; at most MAX_LISTED_LINES. */
  repairedLines: number[];
  /** Number of undecodable byte sequences replaced by U+FFFD. */
  repaired: number;
}

const MAX_LISTED_LINES = 20;
const BOMS: readonly [TextEncodingName, readonly number[]][] = [
  ["utf-8-bom", [0xef, 0xbb, 0xbf]],
  ["utf-16le", [0xff, 0xfe]],
  ["utf-16be", [0xfe, 0xff]],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** The WHATWG name of an encoding (the BOM variant decodes as plain UTF-8 after the BOM). */
function decoderName(encoding: TextEncodingName): string {
  return encoding === "utf-8-bom" ? "utf-8" : encoding;
}

function bomLength(bytes: Uint8Array, encoding: TextEncodingName): number {
  for (const [name, bom] of BOMS) {
    if (startsWith(bytes, bom) && decoderName(name) === decoderName(encoding)) return bom.length;
  }
  return 0;
}

/**
 * UTF-16 without a BOM: in the first 4 KB, zero bytes fill at least a fifth of one parity's
 * positions and almost none of the other's. A UTF-8 file with a few NULs passes neither test.
 */
export function utf16ByZeros(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= pairs / 5 && even <= odd / 20) return "utf-16le";
  if (even >= pairs / 5 && odd <= even / 20) return "utf-16be";
  return undefined;
}

/** Lines (1-based) holding U+FFFD, and how many there are, in one pass. */
function replacements(text: string): { lines: number[]; count: number } {
  const lines: number[] = [];
  let count = 0;
  let at = text.indexOf("\uFFFD");
  if (at < 0) return { lines, count };
  let line = 1;
  let scanned = 0;
  while (at >= 0) {
    for (let i = scanned; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    scanned = at;
    count++;
    if (lines[lines.length - 1] !== line && lines.length < MAX_LISTED_LINES) lines.push(line);
    at = text.indexOf("\uFFFD", at + 1);
  }
  return { lines, count };
}

/** Non-ASCII characters of decoded text, not counting U+FFFD. */
function validNonAscii(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 && c !== 0xfffd && !(c >= 0xdc00 && c <= 0xdfff)) n++;
  }
  return n;
}

/**
 * GB18030 or Big5, by chardet's confidence for each on the first 64 KB (its recognisers are
 * statistical: frequent characters of simplified vs traditional text). GB18030 on a tie: the
 * mainland's code page is by far the commoner.
 */
export function chineseCodePage(bytes: Uint8Array): "gb18030" | "big5" {
  let gb = 0;
  let big5 = 0;
  for (const match of analyse(bytes.subarray(0, 65536))) {
    if (match.name === "GB18030") gb = Math.max(gb, match.confidence);
    if (match.name === "Big5") big5 = Math.max(big5, match.confidence);
  }
  return big5 > gb ? "big5" : "gb18030";
}

function decodeWith(
  bytes: Uint8Array,
  encoding: TextEncodingName,
  reason: EncodingReason,
): DecodedText {
  const body = bytes.subarray(bomLength(bytes, encoding));
  const text = new TextDecoder(decoderName(encoding)).decode(body);
  const { lines, count } = replacements(text);
  return { text, encoding, reason, repairedLines: lines, repaired: count };
}

/** Decodes with the encoding the user chose (a BOM of that encoding is skipped). */
export function decodeAs(input: ArrayBuffer | Uint8Array, encoding: TextEncodingName): DecodedText {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  return decodeWith(bytes, encoding, "chosen");
}

export function decodeText(input: ArrayBuffer | Uint8Array): DecodedText {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  for (const [name, bom] of BOMS) if (startsWith(bytes, bom)) return decodeWith(bytes, name, "bom");
  const utf16 = utf16ByZeros(bytes);
  if (utf16) return decodeWith(bytes, utf16, "zeros");
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { text, encoding: "utf-8", reason: "utf8", repairedLines: [], repaired: 0 };
  } catch {
    // Not valid UTF-8 throughout: a few bad bytes in UTF-8 text, or a code-page file.
  }
  const asUtf8 = decodeWith(bytes, "utf-8", "utf8-repaired");
  // GBK or Big5 read as UTF-8 is nearly all U+FFFD: a valid 3-byte sequence arises by chance
  // about once in 70 characters. Twenty good characters for each bad sequence is UTF-8.
  if (validNonAscii(asUtf8.text) >= 20 * asUtf8.repaired) return asUtf8;
  const codePage = chineseCodePage(bytes);
  return decodeWith(bytes, codePage, "detector");
}

/** A line to show beside the encoding: the first one with non-ASCII text, else the first. */
export function sampleLine(text: string, maxLength = 80): string {
  const lines = text.slice(0, 64 * 1024).split(/\r\n|\n|\r/, 50);
  const pick =
    lines.find((l) => /[\u0080-\uffff]/.test(l) && l.replace(/[\s,;"]/g, "") !== "") ??
    lines.find((l) => l.trim() !== "") ??
    "";
  return pick.length > maxLength ? `${pick.slice(0, maxLength)}…` : pick;
}
