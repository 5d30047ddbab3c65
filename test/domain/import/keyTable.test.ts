/** The import's duplicate hash table behaves as a Map for any keys, including hash collisions. */
import fc from "fast-check";
import { KeyTable, hashKey } from "../../../src/domain/import/pipeline";

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
            expect(table.get(key, hash)).toBe(map.get(key));
            if (!map.has(key)) {
              map.set(key, i);
              table.insert(key, hash, i);
            }
          });
          expect(table.size).toBe(map.size);
          for (const [key, value] of map) expect(table.get(key, hashKey(key))).toBe(value);
        },
      ),
    );
  });

  it("tells keys apart when their hashes collide", () => {
    const table = new KeyTable<string>();
    for (let i = 0; i < 200; i++) table.insert(`k${i}`, 7, `v${i}`);
    for (let i = 0; i < 200; i++) expect(table.get(`k${i}`, 7)).toBe(`v${i}`);
    expect(table.get("k200", 7)).toBeUndefined();
    expect(table.get("k1", hashKey("k1"))).toBeUndefined();
  });
});
