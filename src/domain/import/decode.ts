/**
 * Bytes of an imported text file → text. Chinese Excel saves "CSV (逗号分隔)" in the system code
 * page (GBK/GB18030), "CSV UTF-8" with a byte-order mark, and other tools write UTF-8 without
 * one; a few export "Unicode text" (UTF-16LE with a BOM). The encoding is detected, never asked:
 * a file that is valid UTF-8 is UTF-8 (GBK text is almost never valid UTF-8), anything else is
 * read as GB18030, a superset of GBK and GB2312.
 */

export type TextEncodingName = "utf-8" | "utf-8-bom" | "utf-16le" | "gb18030";

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

export function decodeText(input: ArrayBuffer | Uint8Array): DecodedText {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8-bom" };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Not UTF-8: the file came from Excel's default "CSV" on a Chinese system.
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}
