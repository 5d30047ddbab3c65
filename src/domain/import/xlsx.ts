/**
 * .xlsx bytes → one grid of cell values per worksheet. The import needs cell values only, so
 * this is a small reader over the zip (fflate's inflate) and the sheet XML, not a spreadsheet
 * library: exceljs (the reader before) has had no release since 2023, its browser bundle carries
 * an old `elliptic`, and its worksheet API made reading quadratic (`columnCount` scans every row;
 * see docs note i15). Here:
 *
 * - Time is linear in the file: each sheet is inflated in slices and scanned once, tag by tag.
 * - Memory is bounded by the real data: only cells with a value make a row; a formatted cell at
 *   row 1,048,576 (a used range stretched by a stray format) makes nothing, and trailing empty
 *   rows and columns never exist. Rows in a gap share one empty row.
 * - Progress is reported from the first compressed byte, and a signal stops the read between
 *   slices (SliceOptions, as the analysis does).
 * - Cells become what the rest of the import expects: dates as whole Excel serials (1904 date
 *   system converted), rich text as its text (phonetic runs left out), formulas as their cached
 *   result, errors as their text (`#N/A`), and every cell of a merged area as the merged value
 *   (templates merge a title across the sheet and an industry down a group of rows; both mean
 *   "this value, for each cell").
 * - Control characters (`_x0000_` escapes) are removed and counted; failures are ImportFileError
 *   with a message that says what to do.
 */
import { Inflate, inflateSync } from "fflate";
import { toSerial } from "../values";
import { ImportFileError, MAX_SHEET_CELLS } from "./fileErrors";

export type GridCell = string | number | boolean | null;

export interface SheetGrid {
  name: string;
  grid: GridCell[][];
}

export interface XlsxReadOptions {
  /** Compressed bytes of the sheets read so far, of `total`; called after every slice. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Gives the UI a turn between slices (nextTask in the pane; tests may pass a no-op). */
  pause?: () => Promise<void>;
  /** Compressed bytes inflated per slice. */
  sliceBytes?: number;
  maxCells?: number;
}

export interface XlsxResult {
  sheets: SheetGrid[];
  /** Control characters removed from cell text (NUL, form feed…), over all sheets. */
  controlChars: number;
}

// ---------------------------------------------------------------------------------------------
// Zip: the central directory gives each part's compressed bytes (random access, no full unzip)
// ---------------------------------------------------------------------------------------------

interface ZipEntry {
  name: string;
  method: number;
  /** The compressed bytes (a view into the file, not a copy). */
  data: Uint8Array;
}

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function u16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;
}

const utf8 = new TextDecoder("utf-8");

/** Reads the zip's directory; throws ImportFileError for .xls, non-zip and truncated files. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  if (OLE_SIGNATURE.every((b, i) => bytes[i] === b)) {
    // An OLE compound file: .xls, or an .xlsx encrypted with a password (same container).
    throw new ImportFileError(looksEncrypted(bytes) ? "encrypted" : "xls");
  }
  if (u32(bytes, 0) !== 0x04034b50) throw new ImportFileError("notZip");
  // The end-of-central-directory record sits in the last 22 + up to 65,535 (comment) bytes.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(bytes, at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ImportFileError("truncated");
  const count = u16(bytes, eocd + 10);
  let at = u32(bytes, eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (u32(bytes, at) !== 0x02014b50) throw new ImportFileError("truncated");
    const method = u16(bytes, at + 10);
    const size = u32(bytes, at + 20);
    const nameLength = u16(bytes, at + 28);
    const extra = u16(bytes, at + 30);
    const comment = u16(bytes, at + 32);
    const local = u32(bytes, at + 42);
    const name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    if (u32(bytes, local) !== 0x04034b50) throw new ImportFileError("truncated");
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (start + size > bytes.length) throw new ImportFileError("truncated");
    // Part names are case-insensitive in OPC (ECMA-376 Part 2, §9.1.1.1).
    entries.set(name.toLowerCase(), {
      name,
      method,
      data: bytes.subarray(start, start + size),
    });
  }
  return entries;
}

/** An encrypted OOXML file stores its parts in an OLE file with an "EncryptedPackage" stream. */
function looksEncrypted(bytes: Uint8Array): boolean {
  const probe = new TextDecoder("utf-16le").decode(bytes.subarray(0, Math.min(bytes.length, 8192)));
  return probe.includes("EncryptedPackage");
}

function inflateAll(entry: ZipEntry): Uint8Array {
  if (entry.method === 0) return entry.data;
  if (entry.method !== 8) throw new ImportFileError("damaged", { part: entry.name });
  try {
    return inflateSync(entry.data);
  } catch {
    throw new ImportFileError("damaged", { part: entry.name });
  }
}

function partText(entries: Map<string, ZipEntry>, name: string): string | undefined {
  const entry = entries.get(name.toLowerCase());
  return entry ? utf8.decode(inflateAll(entry)) : undefined;
}

/**
 * Inflates a part in slices, handing each decoded piece of text to `onText`, with a pause (a
 * turn for the UI) and a stop check between slices.
 */
async function streamPart(
  entry: ZipEntry,
  onText: (text: string) => void,
  onSlice: (bytes: number) => Promise<void>,
  sliceBytes: number,
): Promise<void> {
  const decoder = new TextDecoder("utf-8");
  if (entry.method === 0) {
    for (let at = 0; at < entry.data.length; at += sliceBytes) {
      const end = Math.min(entry.data.length, at + sliceBytes);
      onText(decoder.decode(entry.data.subarray(at, end), { stream: end < entry.data.length }));
      await onSlice(end - at);
    }
    return;
  }
  if (entry.method !== 8) throw new ImportFileError("damaged", { part: entry.name });
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    onText(decoder.decode(chunk, { stream: !final }));
    if (final) ended = true;
  });
  for (let at = 0; at < entry.data.length; at += sliceBytes) {
    const end = Math.min(entry.data.length, at + sliceBytes);
    try {
      inflate.push(entry.data.subarray(at, end), end === entry.data.length);
    } catch {
      throw new ImportFileError("damaged", { part: entry.name });
    }
    await onSlice(end - at);
  }
  if (entry.data.length === 0) onText("");
  else if (!ended) throw new ImportFileError("damaged", { part: entry.name });
}

// ---------------------------------------------------------------------------------------------
// XML text
// ---------------------------------------------------------------------------------------------

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
/** OOXML escapes characters XML cannot hold as `_xHHHH_` (ECMA-376 Part 1, §22.9.2.19 ST_Xstring). */
const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;
/** C0 controls but tab, line feed and carriage return, and DEL: never meant as cell content. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Counts what the reader removes, per read. */
class TextCleaner {
  controlChars = 0;

  /** XML character data → cell text. */
  text(raw: string): string {
    let text = raw;
    if (text.includes("&"))
      text = text.replace(ENTITY, (_, dec?: string, hex?: string, name?: string) =>
        name
          ? (NAMED[name] ?? "")
          : String.fromCodePoint(Number.parseInt(dec ?? hex ?? "0", dec ? 10 : 16)),
      );
    if (text.includes("_x"))
      text = text.replace(OOXML_ESCAPE, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    CONTROL.lastIndex = 0;
    if (CONTROL.test(text)) {
      const before = text.length;
      text = text.replace(CONTROL, "");
      this.controlChars += before - text.length;
    }
    return text;
  }
}

/** The value of attribute `name` in an opening tag's text, or undefined. */
function attr(tag: string, name: string): string | undefined {
  // The key begins with white space, so `r` never matches `xr:r` or `spans`.
  let at = tag.indexOf(` ${name}=`);
  if (at < 0) {
    // Attributes may be separated by tabs or line breaks too (rare; writers use one space).
    if (!/[\t\n\r]/.test(tag)) return undefined;
    const m = new RegExp(`\\s${name.replace(":", "\\:")}=`).exec(tag);
    if (!m) return undefined;
    at = m.index;
  }
  const quote = tag.charAt(at + name.length + 2);
  if (quote !== '"' && quote !== "'") return undefined;
  const from = at + name.length + 3;
  const end = tag.indexOf(quote, from);
  return end < 0 ? undefined : tag.slice(from, end);
}

/** Tag name without a namespace prefix (`x:c` → `c`), or "" for comments and declarations. */
function localName(tag: string): string {
  let end = 1;
  while (end < tag.length) {
    const c = tag.charCodeAt(end);
    // space, tab, LF, CR, '/', '>'
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62) break;
    end++;
  }
  const name = tag.slice(1, end);
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Concatenates the text of every `<t>` in `xml`, leaving out phonetic runs (`<rPh>`). */
function runsText(xml: string, cleaner: TextCleaner): string {
  const body = xml.includes("rPh")
    ? xml.replace(/<(\w+:)?rPh[\s>][\s\S]*?<\/(\w+:)?rPh>/g, "")
    : xml;
  let out = "";
  const re = /<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1] ?? "";
  return cleaner.text(out);
}

function sharedStrings(xml: string | undefined, cleaner: TextCleaner): string[] {
  if (!xml) return [];
  const out: string[] = [];
  const re = /<(?:\w+:)?si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] ? runsText(m[1], cleaner) : "");
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workbook parts: sheets, relationships, styles
// ---------------------------------------------------------------------------------------------

/** Built-in number formats that show a date (ECMA-376 Part 1, §18.8.30; 27–36 and 50–58: CJK). */
function builtInDate(id: number): boolean {
  return (id >= 14 && id <= 17) || id === 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/** A custom format shows a date when, outside quotes and brackets, it has a y, m or d. */
function customDate(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
  return /[ymd]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Per cell-style index (the `s` attribute): whether the style formats a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, boolean>();
  const fmt = /<(?:\w+:)?numFmt\s[^>]*>/g;
  for (let m = fmt.exec(xml); m; m = fmt.exec(xml)) {
    const id = Number(attr(m[0], "numFmtId"));
    const code = attr(m[0], "formatCode") ?? "";
    custom.set(id, customDate(new TextCleaner().text(code)));
  }
  const xfs = /<(?:\w+:)?cellXfs[\s>][\s\S]*?<\/(?:\w+:)?cellXfs>/.exec(xml)?.[0] ?? "";
  const out: boolean[] = [];
  const xf = /<(?:\w+:)?xf[\s>/][^>]*>/g;
  for (let m = xf.exec(xfs); m; m = xf.exec(xfs)) {
    const id = Number(attr(m[0], "numFmtId") ?? 0);
    out.push(custom.get(id) ?? builtInDate(id));
  }
  return out;
}

interface SheetPart {
  name: string;
  path: string;
}

/** The worksheets in workbook order (chart sheets and dialog sheets left out). */
function sheetParts(entries: Map<string, ZipEntry>): { sheets: SheetPart[]; date1904: boolean } {
  const workbook = partText(entries, "xl/workbook.xml");
  if (workbook === undefined) throw new ImportFileError("notZip");
  const rels = partText(entries, "xl/_rels/workbook.xml.rels") ?? "";
  const targets = new Map<string, string>();
  const rel = /<(?:\w+:)?Relationship\s[^>]*>/g;
  for (let m = rel.exec(rels); m; m = rel.exec(rels)) {
    const id = attr(m[0], "Id");
    const target = attr(m[0], "Target");
    const type = attr(m[0], "Type") ?? "";
    if (id && target && /\/worksheet$/.test(type)) {
      const path = target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
      targets.set(id, path);
    }
  }
  const cleaner = new TextCleaner();
  const sheets: SheetPart[] = [];
  const sheet = /<(?:\w+:)?sheet\s[^>]*>/g;
  for (let m = sheet.exec(workbook); m; m = sheet.exec(workbook)) {
    const id = attr(m[0], "r:id") ?? /\s[\w]+:id=["']([^"']*)["']/.exec(m[0])?.[1];
    const path = id ? targets.get(id) : undefined;
    if (path) sheets.push({ name: cleaner.text(attr(m[0], "name") ?? ""), path });
  }
  const pr = /<(?:\w+:)?workbookPr\s[^>]*>/.exec(workbook)?.[0] ?? "";
  const date1904 = /^(1|true)$/.test(attr(pr, "date1904") ?? "");
  return { sheets, date1904 };
}

// ---------------------------------------------------------------------------------------------
// Sheet data
// ---------------------------------------------------------------------------------------------

/** The row every gap row shares: rows between data rows hold nothing and are never written. */
const EMPTY_ROW: GridCell[] = [];

/** `BC12` → column 54 (0-based 54), row 11 (0-based); undefined when malformed. */
function parseRef(ref: string): { row: number; col: number } | undefined {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === 0 || i === ref.length) return undefined;
  const row = Number(ref.slice(i).replace(/\$/g, ""));
  if (!Number.isInteger(row) || row < 1) return undefined;
  return { row: row - 1, col: col - 1 };
}

/** Collects one sheet's cells from XML text that arrives in pieces. */
class SheetScanner {
  readonly rows: GridCell[][] = [];
  cells = 0;
  maxCol = -1;
  private pending = "";
  private row = -1;
  private col = -1;
  private readonly merges: string[] = [];

  constructor(
    private readonly strings: readonly string[],
    private readonly dates: readonly boolean[],
    private readonly date1904: boolean,
    private readonly cleaner: TextCleaner,
    private readonly sheetName: string,
    private readonly maxCells: number,
  ) {}

  push(text: string): void {
    const xml = this.pending + text;
    let at = 0;
    for (;;) {
      const open = xml.indexOf("<", at);
      if (open < 0) {
        at = xml.length;
        break;
      }
      const close = xml.indexOf(">", open);
      if (close < 0) {
        at = open;
        break;
      }
      const tag = xml.slice(open, close + 1);
      const name = localName(tag);
      if (name === "c") {
        if (tag.endsWith("/>")) {
          this.cell(tag, "");
          at = close + 1;
          continue;
        }
        const end = findClose(xml, close + 1, "c");
        if (!end) {
          at = open;
          break;
        }
        this.cell(tag, xml.slice(close + 1, end.start));
        at = end.after;
        continue;
      }
      if (name === "row") {
        const r = Number(attr(tag, "r"));
        this.row = Number.isInteger(r) && r >= 1 ? r - 1 : this.row + 1;
        this.col = -1;
      } else if (name === "mergeCell") {
        const ref = attr(tag, "ref");
        if (ref) this.merges.push(ref);
      }
      at = close + 1;
    }
    this.pending = xml.slice(at);
  }

  private cell(tag: string, body: string): void {
    const ref = attr(tag, "r");
    const pos = ref ? parseRef(ref) : undefined;
    if (pos) {
      // A cell outside its <row> (or before any) still says where it is.
      this.row = pos.row;
      this.col = pos.col;
    } else {
      this.col += 1;
      if (this.row < 0) this.row = 0;
    }
    const value = this.value(tag, body);
    if (value === null) return;
    if (++this.cells > this.maxCells)
      throw new ImportFileError("tooManyCells", {
        sheet: this.sheetName,
        limit: this.maxCells.toLocaleString("en-US"),
      });
    this.set(this.row, this.col, value);
  }

  private set(row: number, col: number, value: GridCell): void {
    let cells = this.rows[row];
    if (!cells || cells === EMPTY_ROW) {
      cells = [];
      this.rows[row] = cells;
    }
    while (cells.length < col) cells.push(null);
    cells[col] = value;
    if (col > this.maxCol) this.maxCol = col;
  }

  private value(tag: string, body: string): GridCell {
    const type = attr(tag, "t") ?? "n";
    if (type === "inlineStr") return nonEmpty(runsText(body, this.cleaner));
    const v = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(body)?.[1];
    if (v === undefined) return null;
    switch (type) {
      case "s":
        return nonEmpty(this.strings[Number(v)] ?? "");
      case "b":
        return v.trim() === "1" || v.trim() === "true";
      case "e":
      case "str":
        return nonEmpty(this.cleaner.text(v));
      case "d": {
        const serial = toSerial(v.trim(), true);
        return typeof serial === "number" ? serial : nonEmpty(this.cleaner.text(v));
      }
      default: {
        const n = Number(v);
        if (v.trim() === "" || !Number.isFinite(n)) return null;
        const style = Number(attr(tag, "s") ?? 0);
        if (!this.dates[style]) return n;
        // A date cell: whole days (time of day dropped, as every date rule here does), in the
        // 1900 system the rest of the add-in uses. A time alone (0.5) is not a date.
        const serial = Math.floor(n) + (this.date1904 ? 1462 : 0);
        return serial > 0 ? serial : n;
      }
    }
  }

  /** The grid: gap rows filled with the shared empty row, merged areas filled, clipped to data. */
  finish(): GridCell[][] {
    const rows = this.rows;
    for (let r = 0; r < rows.length; r++) if (!rows[r]) rows[r] = EMPTY_ROW;
    const lastRow = rows.length - 1;
    for (const ref of this.merges) {
      const [a, b] = ref.split(":");
      const from = a ? parseRef(a) : undefined;
      const to = b ? parseRef(b) : from;
      if (!from || !to) continue;
      const value = rows[from.row]?.[from.col];
      if (value === null || value === undefined) continue;
      // A merge across the whole sheet (A1:XFD1) fills only as far as the data reaches.
      for (let r = from.row; r <= Math.min(to.row, lastRow); r++)
        for (let c = from.col; c <= Math.min(to.col, this.maxCol); c++)
          if (r !== from.row || c !== from.col) this.set(r, c, value);
    }
    return rows;
  }
}

function nonEmpty(text: string): GridCell {
  return text === "" ? null : text;
}

/** The closing tag `</name>` (any prefix) after `from`: its start and the index after it. */
function findClose(
  xml: string,
  from: number,
  name: string,
): { start: number; after: number } | undefined {
  let at = from;
  for (;;) {
    const start = xml.indexOf("</", at);
    if (start < 0) return undefined;
    const end = xml.indexOf(">", start);
    if (end < 0) return undefined;
    if (localName(`<${xml.slice(start + 2, end)}>`) === name) return { start, after: end + 1 };
    at = end + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

function asBytes(input: ArrayBuffer | Uint8Array): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error("Aborted");
}

export async function readXlsxFile(
  input: ArrayBuffer | Uint8Array,
  options: XlsxReadOptions = {},
): Promise<XlsxResult> {
  const {
    onProgress,
    signal,
    pause = () => Promise.resolve(),
    sliceBytes = 256 * 1024,
    maxCells = MAX_SHEET_CELLS,
  } = options;
  const bytes = asBytes(input);
  const entries = zipEntries(bytes);
  const { sheets, date1904 } = sheetParts(entries);
  if (sheets.length === 0) throw new ImportFileError("noSheets");
  const cleaner = new TextCleaner();
  const sheetEntries = sheets.map((s) => entries.get(s.path.toLowerCase()));
  const stringsEntry = entries.get("xl/sharedstrings.xml");
  const total =
    (stringsEntry?.data.length ?? 0) + sheetEntries.reduce((n, e) => n + (e?.data.length ?? 0), 0);
  let done = 0;
  const onSlice = async (n: number) => {
    done += n;
    onProgress?.(done, total);
    await pause();
    stopIfAborted(signal);
  };
  onProgress?.(0, total);
  stopIfAborted(signal);

  let stringsXml = "";
  if (stringsEntry) await streamPart(stringsEntry, (t) => (stringsXml += t), onSlice, sliceBytes);
  const strings = sharedStrings(stringsXml, cleaner);
  stringsXml = "";
  const dates = dateStyles(partText(entries, "xl/styles.xml"));

  const out: SheetGrid[] = [];
  for (let i = 0; i < sheets.length; i++) {
    const sheet = sheets[i] as SheetPart;
    const entry = sheetEntries[i];
    if (!entry) throw new ImportFileError("damaged", { part: sheet.path });
    const scanner = new SheetScanner(strings, dates, date1904, cleaner, sheet.name, maxCells);
    await streamPart(entry, (t) => scanner.push(t), onSlice, sliceBytes);
    out.push({ name: sheet.name, grid: scanner.finish() });
  }
  return { sheets: out, controlChars: cleaner.controlChars };
}

/** The sheets only (tests and callers that need no counts). */
export async function readXlsx(
  input: ArrayBuffer | Uint8Array,
  options: XlsxReadOptions = {},
): Promise<SheetGrid[]> {
  return (await readXlsxFile(input, options)).sheets;
}
