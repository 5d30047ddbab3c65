/**
 * A picked file → grids ready for the pipeline. The kind is decided by the bytes, not only the
 * name: an .xlsx renamed to .csv is read as a workbook, an .xls (or a password-protected
 * workbook) is refused with what to do. CSV is decoded (decode.ts) and parsed here; the xlsx
 * reader is loaded only when a workbook is picked. Files over MAX_IMPORT_BYTES are refused
 * before they are read (the pane checks File.size first; this checks again).
 */
import { detectHeader } from "../headers";
import { parseCsv, type CsvError } from "./csv";
import {
  decodeAs,
  decodeText,
  sampleLine,
  type EncodingReason,
  type TextEncodingName,
} from "./decode";
import { checkFileSize, ImportFileError } from "./fileErrors";
import type { SheetGrid, XlsxReadOptions } from "./xlsx";

export type ImportFileKind = "csv" | "xlsx";

/** What the pane shows about a text file's reading. */
export interface TextReading {
  encoding: TextEncodingName;
  reason: EncodingReason;
  /** A line of the decoded text, so the user can see whether the characters are right. */
  sample: string;
  /** Lines holding bytes that could not be decoded (replaced by �). */
  repairedLines: number[];
  repaired: number;
  parseErrors: CsvError[];
}

export interface LoadedFile {
  kind: ImportFileKind;
  sheets: SheetGrid[];
  /** The sheet whose header row best matches a CRM table (index into sheets). */
  best: number;
  /** CSV only: the encoding and what went wrong while reading. */
  text?: TextReading;
  /** Control characters removed from cells. */
  controlChars: number;
}

export type LoadOptions = XlsxReadOptions & {
  /** A text file's encoding as the user chose it (otherwise detected). */
  encoding?: TextEncodingName;
};

export function fileKind(name: string): ImportFileKind | undefined {
  if (/\.csv$/i.test(name) || /\.txt$/i.test(name)) return "csv";
  if (/\.xlsx$/i.test(name) || /\.xlsm$/i.test(name)) return "xlsx";
  return undefined;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function bestSheet(sheets: readonly SheetGrid[]): number {
  let best = 0;
  let bestScore = -1;
  sheets.forEach((s, i) => {
    const score = detectHeader(s.grid)?.score ?? -1;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** Text that is mostly control characters is not a CSV (a PDF, an image, a database file). */
function looksBinary(length: number, controls: number): boolean {
  return controls > 16 && controls > length / 50;
}

export async function loadImportFile(
  name: string,
  input: ArrayBuffer | Uint8Array,
  options: LoadOptions = {},
): Promise<LoadedFile> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  checkFileSize(bytes.length);
  const named = fileKind(name);
  const isZip = startsWith(bytes, ZIP);
  const isOle = startsWith(bytes, OLE);
  if (isZip || isOle || named === "xlsx") {
    if (!isZip && !isOle && named === "xlsx" && bytes.length > 0 && bytes[0] !== 0x50) {
      // Named .xlsx but text inside (a CSV renamed): read it as the text it is.
      return loadText(name, bytes, options);
    }
    const { readXlsxFile } = await import("./xlsx");
    const { sheets, controlChars } = await readXlsxFile(bytes, options);
    return { kind: "xlsx", sheets, best: bestSheet(sheets), controlChars };
  }
  if (named === "csv") return loadText(name, bytes, options);
  if (/\.xls$/i.test(name)) throw new ImportFileError("xls");
  throw new ImportFileError("unsupported");
}

function loadText(name: string, bytes: Uint8Array, options: LoadOptions): LoadedFile {
  const decoded = options.encoding ? decodeAs(bytes, options.encoding) : decodeText(bytes);
  const { grid, errors, controlChars } = parseCsv(decoded.text);
  if (looksBinary(decoded.text.length, controlChars)) throw new ImportFileError("binaryText");
  return {
    kind: "csv",
    sheets: [{ name: name.replace(/\.\w+$/, ""), grid }],
    best: 0,
    controlChars,
    text: {
      encoding: decoded.encoding,
      reason: decoded.reason,
      sample: sampleLine(decoded.text),
      repairedLines: decoded.repairedLines,
      repaired: decoded.repaired,
      parseErrors: errors,
    },
  };
}
