/** The import's duplicate hash table behaves as a Map for any keys, including hash collisions. */
import fc from "fast-check";
import { KeyTable, hashKey } from "../../../src/domain/import/pipeline";

/** The value under `key`, looked up as the import does: the entry number, then its value. */
function lookup<V>(table: KeyTable<V>, key: string, hash = hashKey(key)): V | undefined {
  const at = table.indexOf(key, hash);
  return at < 0 ? undefined : table.valueAt(at);
}

describe("KeyTable", () => {
  it("answers like a Map for any sequence of keys (first insert wins, growth keeps entries)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "grapheme", maxLength: 6 }), { maxLength: 300 }),
        (keys) => {
          const table = new KeyTable<number>(1);
          const map = new Map<string, number>();
          keys.forEach((key, i) => {
            const hash = hashKey(key);
            expect(lookup(table, key, hash)).toBe(map.get(key));
            if (!map.has(key)) {
              map.set(key, i);
              table.insert(key, hash, i);
            }
          });
          expect(table.size).toBe(map.size);
          for (const [key, value] of map) expect(lookup(table, key)).toBe(value);
        },
      ),
    );
  });

  it("tells keys apart when their hashes collide", () => {
    const table = new KeyTable<string>();
    for (let i = 0; i < 200; i++) table.insert(`k${i}`, 7, `v${i}`);
    for (let i = 0; i < 200; i++) expect(lookup(table, `k${i}`, 7)).toBe(`v${i}`);
    expect(lookup(table, "k200", 7)).toBeUndefined();
    expect(lookup(table, "k1")).toBeUndefined();
  });

  it("keeps long keys whole as its key store grows, telling apart keys that share a prefix", () => {
    const table = new KeyTable<number>(1);
    const prefix = "北京市朝阳区建国路".repeat(20);
    const keys = Array.from({ length: 100 }, (_, i) => `${prefix}${i}`);
    keys.forEach((key, i) => table.insert(key, hashKey(key), i));
    keys.forEach((key, i) => expect(lookup(table, key)).toBe(i));
    expect(lookup(table, prefix)).toBeUndefined();
    expect(lookup(table, `${prefix}1`.slice(0, -1) + "x")).toBeUndefined();
    expect(table.size).toBe(100);
  });
});
