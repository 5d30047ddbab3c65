/**
 * A picked file → grids ready for the pipeline. CSV is decoded (UTF-8, UTF-8 with BOM or
 * GB18030) and parsed here; the xlsx reader is loaded only when an .xlsx file is picked.
 */
import { detectHeader } from "../headers";
import { parseCsv } from "./csv";
import { decodeText, type TextEncodingName } from "./decode";
import type { SheetGrid } from "./xlsx";

export type ImportFileKind = "csv" | "xlsx";

export interface LoadedFile {
  kind: ImportFileKind;
  sheets: SheetGrid[];
  /** The sheet whose header row best matches a CRM table (index into sheets). */
  best: number;
  encoding?: TextEncodingName;
}

export function fileKind(name: string): ImportFileKind | undefined {
  if (/\.csv$/i.test(name) || /\.txt$/i.test(name)) return "csv";
  if (/\.xlsx$/i.test(name)) return "xlsx";
  return undefined;
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

export async function loadImportFile(
  name: string,
  bytes: ArrayBuffer | Uint8Array,
): Promise<LoadedFile> {
  const kind = fileKind(name);
  if (kind === "xlsx") {
    const { readXlsx } = await import("./xlsx");
    const sheets = await readXlsx(bytes);
    return { kind, sheets, best: bestSheet(sheets) };
  }
  if (kind === "csv") {
    const { text, encoding } = decodeText(bytes);
    const { grid } = parseCsv(text);
    return { kind, sheets: [{ name: name.replace(/\.\w+$/, ""), grid }], best: 0, encoding };
  }
  throw new Error(`Unsupported file type: ${name}`);
}
