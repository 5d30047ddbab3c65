/**
 * The import's duplicate index: the keys of every workbook record and file row (customers by ID,
 * normalised name, phone and email; child rows by ID and content), matched in one batch once the
 * rows are read, and each row's first workbook record and first earlier file row sharing a key.
 * Pure: the pipeline feeds it records and reads the hits back.
 */
import { duplicateKeysInto, normalizeName, type DuplicateField } from "../duplicates";
import type { CrmRecord } from "../port";
import { TABLES, type TableKey } from "../schema";

export type DupField = DuplicateField | "id" | "content";

export interface DupHit {
  fields: DupField[];
  /** Data row in the workbook table, or index into the analysed rows for a file duplicate. */
  row: number;
  id: string | null;
}

/** What `DuplicateIndex.resolve` reads (the row's ID) and sets on an analysed row. */
export interface DuplicateTarget {
  id: string | null;
  workbookDuplicate?: DupHit;
  fileDuplicate?: DupHit;
}

/** Fields that make two rows of a child table the same event (a re-imported log). */
const CONTENT_KEYS: Record<Exclude<TableKey, "customers">, readonly string[]> = {
  interactions: ["customerId", "date", "topic"],
  feedback: ["customerId", "date", "type", "description"],
  orders: ["customerId", "date", "product", "quantity", "unitPrice"],
};

function keyPart(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? normalizeName(value) : String(value);
}

/** A record's index keys, computed once per row. */
export type IndexKeys = { id: string | null; keys: string[]; fields: DupField[] };

export function newIndexKeys(): IndexKeys {
  return { id: null, keys: [], fields: [] };
}

/**
 * A record's index keys into `out`, which the caller reuses from row to row: the index copies
 * the keys' characters, never these arrays.
 */
function indexKeys(table: TableKey, record: CrmRecord, out: IndexKeys): IndexKeys {
  const rawId = record[TABLES[table].idColumn];
  const id = typeof rawId === "string" && rawId ? rawId : null;
  const { keys, fields } = out;
  out.id = id;
  keys.length = 0;
  fields.length = 0;
  if (table === "customers") {
    // The customer ID, the normalised name, phone digits and email.
    duplicateKeysInto(record, fields, keys);
  } else {
    if (id) {
      fields.push("id");
      keys.push(id.toUpperCase());
    }
    const parts = CONTENT_KEYS[table].map((f) => keyPart(record[f]));
    if (parts.every((p) => p !== "")) {
      fields.push("content");
      keys.push(parts.join("\u0001"));
    }
  }
  return out;
}

/** FNV-1a over a key's UTF-16 code units (computed as the key is copied), then `mixHash`. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The final mix, so that sequential keys spread over every bit. */
function mixHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/**
 * Entry numbers 0..n-1 ordered by their hash (as unsigned 32-bit numbers), entries with equal
 * hashes in entry order, with the hashes in that order: a stable LSD radix sort, three passes
 * of 11 bits.
 */
export function sortByHash(
  hashes: Int32Array,
  n: number,
): { order: Uint32Array; sorted: Int32Array } {
  let order = new Uint32Array(n);
  let sorted = hashes.slice(0, n);
  let nextOrder = new Uint32Array(n);
  let nextSorted = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Uint32Array(2049);
  for (let shift = 0; shift < 33; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++)
      (counts[(((sorted[i] as number) >>> shift) & 2047) + 1] as number)++;
    for (let b = 0; b < 2048; b++)
      counts[b + 1] = (counts[b + 1] as number) + (counts[b] as number);
    for (let i = 0; i < n; i++) {
      const h = sorted[i] as number;
      const at = counts[(h >>> shift) & 2047] as number;
      counts[(h >>> shift) & 2047] = at + 1;
      nextOrder[at] = order[i] as number;
      nextSorted[at] = h;
    }
    [order, nextOrder] = [nextOrder, order];
    [sorted, nextSorted] = [nextSorted, sorted];
  }
  return { order, sorted };
}

/**
 * The duplicate keys of one import, and for each the first workbook record and the first file
 * row that have it. Keys are collected as rows are read (field, characters, owner) and matched
 * in one batch at the end: sorted by hash, then compared within runs of equal hashes.
 *
 * Why a batch and not a hash table probed per row: a 100,000-row file has ~430,000 keys and
 * nearly every probe is a cache miss somewhere in megabytes of table; on the 2-core VM this
 * was measured at ~600 ns a key (typed-array table and Map alike), while sorting the keys'
 * hashes (sequential passes) and walking the runs costs a fraction of that. The characters go
 * to one typed array, outside the garbage-collected heap (strings kept for the whole analysis
 * were copied by every young-generation collection).
 */
export class KeyGroups {
  private count = 0;
  /** Per key: its hash (mixed with its field), owner, field number and first character. */
  private hashes: Int32Array;
  private owners: Int32Array;
  private fields: Uint8Array;
  private starts: Int32Array;
  private chars: Uint16Array;

  /**
   * `capacity`: keys expected (grows beyond). `hash`: of a key and its field number, for tests
   * that make keys collide; by default FNV-1a of the key, mixed with its field's number so that
   * one sort serves every field.
   */
  constructor(
    capacity = 64,
    private readonly hash?: (key: string, field: number) => number,
  ) {
    const size = Math.max(64, capacity);
    this.hashes = new Int32Array(size);
    this.owners = new Int32Array(size);
    this.fields = new Uint8Array(size);
    this.starts = new Int32Array(size + 1);
    this.chars = new Uint16Array(size * 16);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Adds a key of field number `field` (0–255). `owner` ≥ 0 is a file row; < 0 is a workbook
   * record, -(row + 1). Workbook records must come first, file rows in file order.
   */
  add(owner: number, field: number, key: string): void {
    const n = this.count;
    if (n === this.hashes.length) this.grow();
    const start = this.starts[n] as number;
    if (start + key.length > this.chars.length) {
      const chars = new Uint16Array(Math.max(this.chars.length * 2, start + key.length));
      chars.set(this.chars);
      this.chars = chars;
    }
    const chars = this.chars;
    let h = FNV_OFFSET;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      chars[start + i] = c;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    this.starts[n + 1] = start + key.length;
    this.hashes[n] = this.hash
      ? this.hash(key, field)
      : mixHash(h) ^ Math.imul(field + 1, 0x9e3779b1);
    this.owners[n] = owner;
    this.fields[n] = field;
    this.count = n + 1;
  }

  private grow(): void {
    const size = this.hashes.length * 2;
    const widen = <A extends Int32Array | Uint8Array>(old: A, make: (n: number) => A): A => {
      const a = make(size);
      a.set(old);
      return a;
    };
    this.hashes = widen(this.hashes, (k) => new Int32Array(k));
    this.owners = widen(this.owners, (k) => new Int32Array(k));
    this.fields = widen(this.fields, (k) => new Uint8Array(k));
    const starts = new Int32Array(size + 1);
    starts.set(this.starts);
    this.starts = starts;
  }

  /** The field number of key `e`. */
  fieldAt(e: number): number {
    return this.fields[e] as number;
  }

  private same(a: number, b: number): boolean {
    if (this.fields[a] !== this.fields[b]) return false;
    const from = this.starts[a] as number;
    const other = this.starts[b] as number;
    const length = (this.starts[a + 1] as number) - from;
    if ((this.starts[b + 1] as number) - other !== length) return false;
    const chars = this.chars;
    for (let i = 0; i < length; i++) if (chars[from + i] !== chars[other + i]) return false;
    return true;
  }

  /**
   * For each file key (by the order it was added): `workbook`, the first workbook row with the
   * same field and key (-1: none); `file`, the first file row with it, unless that is the key's
   * own row (-1: none). Workbook keys get -1 in both.
   */
  firstOwners(): { workbook: Int32Array; file: Int32Array } {
    const n = this.count;
    const workbook = new Int32Array(n).fill(-1);
    const file = new Int32Array(n).fill(-1);
    const { order, sorted } = sortByHash(this.hashes, n);
    const owners = this.owners;
    /** Per distinct key of a run of equal hashes: a key, its first workbook row and file row. */
    const leaders: number[] = [];
    const leaderWorkbook: number[] = [];
    const leaderFile: number[] = [];
    for (let from = 0; from < n;) {
      let to = from + 1;
      while (to < n && sorted[to] === sorted[from]) to++;
      if (to - from > 1) {
        leaders.length = 0;
        leaderWorkbook.length = 0;
        leaderFile.length = 0;
        for (let k = from; k < to; k++) {
          const e = order[k] as number;
          let l = 0;
          while (l < leaders.length && !this.same(leaders[l] as number, e)) l++;
          if (l === leaders.length) {
            leaders.push(e);
            leaderWorkbook.push(-1);
            leaderFile.push(-1);
          }
          const owner = owners[e] as number;
          if (owner < 0) {
            if (leaderWorkbook[l] === -1) leaderWorkbook[l] = -owner - 1;
            continue;
          }
          const first = leaderFile[l] as number;
          workbook[e] = leaderWorkbook[l] as number;
          if (first === -1) leaderFile[l] = owner;
          else if (first !== owner) file[e] = first;
        }
      }
      from = to;
    }
    return { workbook, file };
  }
}

/**
 * Adds one shared key to a row's hit: the first owner found is the hit; a later key of the same
 * owner adds its field, a key of another owner is not reported.
 */
function addHit(hit: DupHit | undefined, row: number, id: string | null, field: DupField): DupHit {
  if (!hit) return { row, id, fields: [field] };
  if (hit.row === row) hit.fields.push(field);
  return hit;
}

/**
 * The duplicate index of one import: customers by ID/name/phone/email, child rows by ID and
 * content. Rows are added as they are read; `resolve` then sets each row's hits at once: the
 * first workbook record sharing a key, and the first earlier file row (as the first row of its
 * duplicate group, so that a third copy points at the first, not the second), each with every
 * field it shares. O(n + m) for n rows and m existing records, plus the sort of their keys.
 */
export class DuplicateIndex {
  private readonly groups: KeyGroups;
  private readonly fieldNumbers = new Map<DupField, number>();
  private readonly fieldNames: DupField[] = [];
  /** The ID of each workbook record (for hits on it). */
  private readonly existingIds: (string | null)[] = [];
  /** Per analysed row, its keys' span in `groups` (first = end: a row with problems, no keys). */
  private readonly firsts: number[] = [];
  private readonly ends: number[] = [];

  /** `capacity`: the rows expected (existing and file), each with a few keys. */
  constructor(
    private readonly table: TableKey,
    existing: readonly CrmRecord[],
    capacity = 64,
  ) {
    this.groups = new KeyGroups(capacity * 4);
    const scratch = newIndexKeys();
    existing.forEach((r, row) => {
      const keys = indexKeys(table, r, scratch);
      this.existingIds.push(keys.id);
      this.addKeys(-row - 1, keys);
    });
  }

  private addKeys(owner: number, keys: IndexKeys): void {
    for (let i = 0; i < keys.keys.length; i++) {
      const field = keys.fields[i] as DupField;
      let number = this.fieldNumbers.get(field);
      if (number === undefined) {
        number = this.fieldNames.length;
        this.fieldNumbers.set(field, number);
        this.fieldNames.push(field);
      }
      this.groups.add(owner, number, keys.keys[i] as string);
    }
  }

  /** Adds analysed row `row` (rows come in order), with its record, or none for a rejected row. */
  addRow(row: number, record: CrmRecord | undefined, scratch: IndexKeys): string | null {
    const first = this.groups.size;
    let id: string | null = null;
    if (record) {
      const keys = indexKeys(this.table, record, scratch);
      this.addKeys(row, keys);
      id = keys.id;
    }
    this.firsts[row] = first;
    this.ends[row] = this.groups.size;
    return id;
  }

  /** Sets every added row's `workbookDuplicate` and `fileDuplicate`. */
  resolve(rows: readonly DuplicateTarget[]): void {
    const { workbook, file } = this.groups.firstOwners();
    const roots = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as DuplicateTarget;
      roots[i] = i;
      let wbHit: DupHit | undefined;
      let fileHit: DupHit | undefined;
      for (let e = this.firsts[i] ?? 0, end = this.ends[i] ?? 0; e < end; e++) {
        const field = this.fieldNames[this.groups.fieldAt(e)] as DupField;
        const w = workbook[e] as number;
        if (w >= 0) wbHit = addHit(wbHit, w, this.existingIds[w] ?? null, field);
        const f = file[e] as number;
        // The first row that had the key is known by the first row of its group.
        if (f >= 0) fileHit = addHit(fileHit, roots[f] as number, rows[f]?.id ?? null, field);
      }
      row.workbookDuplicate = wbHit;
      if (fileHit) roots[i] = fileHit.row;
      row.fileDuplicate = fileHit;
    }
  }
}
