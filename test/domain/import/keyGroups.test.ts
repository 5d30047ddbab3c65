/**
 * The import's duplicate keys are matched in one batch (sorted by hash, compared within runs of
 * equal hashes). For any keys, including hash collisions, the batch answers as a Map would.
 */
import fc from "fast-check";
import { KeyGroups, sortByHash } from "../../../src/domain/import/duplicateIndex";

/** A key of the import: its owner (< 0: workbook record -(row + 1); ≥ 0: file row) and field. */
type Key = { owner: number; field: number; key: string };

/** The rule, stated with a Map: first workbook row and first other file row per field and key. */
function reference(keys: readonly Key[]): { workbook: number[]; file: number[] } {
  const firsts = new Map<string, { workbook: number; file: number }>();
  const workbook: number[] = [];
  const file: number[] = [];
  for (const { owner, field, key } of keys) {
    const id = `${field}\u0000${key}`;
    const first = firsts.get(id) ?? { workbook: -1, file: -1 };
    firsts.set(id, first);
    if (owner < 0) {
      if (first.workbook === -1) first.workbook = -owner - 1;
      workbook.push(-1);
      file.push(-1);
      continue;
    }
    workbook.push(first.workbook);
    file.push(first.file !== -1 && first.file !== owner ? first.file : -1);
    if (first.file === -1) first.file = owner;
  }
  return { workbook, file };
}

/** Workbook keys first, then file rows in order, each with a few keys from small pools. */
const importKeys: fc.Arbitrary<Key[]> = fc
  .tuple(
    fc.array(
      fc.array(fc.tuple(fc.nat(2), fc.constantFrom("a", "b", "ab", "ba", "")), { maxLength: 3 }),
      {
        maxLength: 5,
      },
    ),
    fc.array(
      fc.array(
        fc.tuple(fc.nat(2), fc.constantFrom("a", "b", "ab", "ba", "", "张三", "13800000000")),
        {
          maxLength: 4,
        },
      ),
      { maxLength: 25 },
    ),
  )
  .map(([workbook, rows]) => [
    ...workbook.flatMap((keys, row) =>
      keys.map(([field, key]) => ({ owner: -row - 1, field, key })),
    ),
    ...rows.flatMap((keys, row) => keys.map(([field, key]) => ({ owner: row, field, key }))),
  ]);

function firstOwners(keys: readonly Key[], hash?: (key: string, field: number) => number) {
  const groups = new KeyGroups(1, hash);
  for (const k of keys) groups.add(k.owner, k.field, k.key);
  const { workbook, file } = groups.firstOwners();
  return { workbook: [...workbook], file: [...file] };
}

describe("KeyGroups", () => {
  it.each([
    ["the import's own hash", undefined],
    ["one hash for every key", () => 7],
    ["the key's length as its hash", (key: string) => key.length],
  ])("finds each key's first workbook row and first other file row, with %s", (_, hash) => {
    fc.assert(
      fc.property(importKeys, (keys) => {
        expect(firstOwners(keys, hash)).toEqual(reference(keys));
      }),
    );
  });

  it("keeps long keys whole as its stores grow, telling apart keys that share a prefix", () => {
    const prefix = "北京市朝阳区建国路".repeat(20);
    const keys: Key[] = Array.from({ length: 200 }, (_, i) => ({
      owner: i,
      field: 0,
      key: `${prefix}${i % 100}`,
    }));
    const { file } = firstOwners(keys);
    expect(file.slice(0, 100)).toEqual(Array<number>(100).fill(-1));
    expect(file.slice(100)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("tells the same text in two fields apart (a name is not a phone)", () => {
    const keys: Key[] = [
      { owner: 0, field: 1, key: "13800000000" },
      { owner: 1, field: 2, key: "13800000000" },
      { owner: 2, field: 2, key: "13800000000" },
    ];
    expect(firstOwners(keys).file).toEqual([-1, -1, 1]);
  });
});

describe("sortByHash", () => {
  it("orders entries by unsigned hash, equal hashes in entry order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31)))),
        (values) => {
          const hashes = Int32Array.from(values);
          const { order, sorted } = sortByHash(hashes, hashes.length);
          const expected = values
            .map((h, i) => ({ h: h >>> 0, i }))
            .sort((a, b) => a.h - b.h || a.i - b.i)
            .map((x) => x.i);
          expect([...order]).toEqual(expected);
          expect([...sorted]).toEqual(expected.map((i) => hashes[i]));
        },
      ),
    );
  });
});
