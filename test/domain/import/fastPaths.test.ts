/** Fast paths of the import's hot loop give what the general paths give, on arbitrary input. */
import fc from "fast-check";
import { splitCombined } from "../../../src/domain/import/pipeline";
import {
  emailKey,
  generalEmailKey,
  generalName,
  generalPhoneKeys,
  normalizeName,
  phoneKeys,
} from "../../../src/domain/duplicates";
import { columnDef, defaultListValues } from "../../../src/domain/schema";
import {
  generalIsPhone,
  isPhone,
  normalizeField,
  splitItems,
} from "../../../src/domain/validation";
import { BLANK, dateText, isBlank, toSerial } from "../../../src/domain/values";

/** Strings that look like dates: mostly the fast path's alphabet, sometimes anything. */
const dateLike = fc.oneof(
  fc
    .array(fc.constantFrom("0", "1", "2", "3", "9", "-", "/", ".", "年", "月", "日"), {
      maxLength: 12,
    })
    .map((cs) => cs.join("")),
  fc
    .tuple(
      fc.integer({ min: 0, max: 10_000 }),
      fc.integer({ min: 0, max: 140 }),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom("-", "/", ".", "年", "", " ", "月"),
      fc.constantFrom("", "日", " ", "T10:00", "x"),
    )
    .map(([y, m, d, sep, tail]) =>
      sep === "年"
        ? `${y}年${m}月${d}${tail}`
        : sep === ""
          ? `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}${tail}`
          : `${y}${sep}${m}${sep}${d}${tail}`,
    ),
  fc.string({ unit: "grapheme", maxLength: 12 }),
);

describe("toSerial's character-code path", () => {
  it("equals the pattern path on any text, strict and loose", () => {
    fc.assert(
      fc.property(dateLike, fc.boolean(), (text, loose) => {
        const general = isBlank(text) ? BLANK : dateText(text.normalize("NFKC").trim(), loose);
        expect(toSerial(text, loose)).toBe(general);
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads the template's forms", () => {
    expect(toSerial("2024/6/30")).toBe(45473);
    expect(toSerial("2024.06.30")).toBe(45473);
    expect(toSerial("2024年6月30日")).toBe(45473);
    expect(toSerial("2024年6月30")).toBe(45473);
    expect(toSerial("20240630", true)).toBe(45473);
    expect(typeof toSerial("20240630")).toBe("symbol");
    expect(typeof toSerial("2024/6-30")).toBe("symbol");
    expect(typeof toSerial("2024/2/30")).toBe("symbol");
  });
});

const nameLike = fc.oneof(
  fc
    .array(
      fc.constantFrom("客", "户", "科", "技", "a", "Z", "0", "9", " ", "（", "-", "Ａ", "·", "é"),
      {
        maxLength: 14,
      },
    )
    .map((cs) => cs.join("")),
  fc.string({ unit: "grapheme", maxLength: 14 }),
);

const phoneLike = fc.oneof(
  fc
    .array(
      fc.constantFrom(
        "0",
        "1",
        "3",
        "8",
        "6",
        "9",
        "-",
        "/",
        " ",
        "(",
        ")",
        "+",
        "、",
        "x",
        "转",
        "８",
      ),
      { maxLength: 30 },
    )
    .map((cs) => cs.join("")),
  fc
    .array(
      fc.constantFrom("8613800138000", "13800138000", "010-8888 6666", "+86 138", "/", "123"),
      {
        maxLength: 4,
      },
    )
    .map((cs) => cs.join("")),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);

describe("duplicate keys' character-code paths", () => {
  it("normalizeName equals the NFKC and pattern path on any text", () => {
    fc.assert(
      fc.property(nameLike, (text) => expect(normalizeName(text)).toBe(generalName(text))),
      { numRuns: 20_000 },
    );
  });

  it("phoneKeys equals the NFKC and pattern path on any text", () => {
    fc.assert(
      fc.property(phoneLike, (text) => expect(phoneKeys(text)).toEqual(generalPhoneKeys(text))),
      { numRuns: 20_000 },
    );
  });

  it("emailKey equals the NFKC path on any text (full-width letters, spaces, ligatures)", () => {
    const emailLike = fc.oneof(
      fc
        .array(
          fc.constantFrom("A", "b", "@", ".", " ", "Ｕ", "ｓ", "＠", "ﬁ", "\u3000", "1", "é"),
          {
            maxLength: 12,
          },
        )
        .map((cs) => cs.join("")),
      fc.string({ unit: "grapheme", maxLength: 20 }),
    );
    fc.assert(
      fc.property(emailLike, (text) => expect(emailKey(text)).toBe(generalEmailKey(text))),
      { numRuns: 20_000 },
    );
  });
});

describe("validation's character-code paths", () => {
  it("isPhone equals the NFKC and pattern path on any text", () => {
    fc.assert(
      fc.property(phoneLike, (text) => expect(isPhone(text)).toBe(generalIsPhone(text))),
      { numRuns: 20_000 },
    );
  });

  const needs = columnDef("customers", "needs");
  const ctx = { lists: defaultListValues(), today: 45473 };
  const itemsLike = fc.oneof(
    fc
      .array(fc.constantFrom("需求", "ERP", "、", "、", ",", "；", " ", "\n", "a"), {
        maxLength: 10,
      })
      .map((cs) => cs.join("")),
    fc.string({ unit: "grapheme", maxLength: 12 }),
  );

  it("a multi-item cell gives what splitting and joining gives", () => {
    fc.assert(
      fc.property(itemsLike, (text) => {
        const result = normalizeField(needs, text, ctx);
        const trimmed = text.trim();
        if (!trimmed) return;
        const items = splitItems(trimmed);
        const max = needs.maxItems ?? 3;
        if (items.length >= 1 && items.length <= max)
          expect(result).toEqual({ ok: true, value: items.join("、") });
        else expect(result.ok).toBe(false);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("combined-cell splitting", () => {
  /** The splitting as it was before its fast paths: every piece through LEADING_LABEL. */
  function reference(text: string, parts: readonly (string | null)[]): string[] {
    const cols = parts.map((p) => (p ? columnDef("customers", p) : undefined));
    let t = text.includes("／") ? text.replace(/／/g, "/") : text;
    t = t.replace(/(\d{4})\/(\d{1,2})\/(\d{1,2})/g, "$1-$2-$3");
    let pieces = t.split("/").map((p) => p.trim());
    const count = cols.length;
    const out = new Array<string>(count).fill("");
    if (pieces.length > count)
      pieces = [...pieces.slice(0, count - 1), pieces.slice(count - 1).join("/")];
    if (pieces.length === count) pieces.forEach((p, i) => (out[i] = p));
    else {
      const fits = (c: (typeof cols)[number], piece: string): boolean => {
        if (!c) return false;
        if (c.type === "integer") return /人$/.test(piece);
        if (c.type === "money") return /[元万亿¥]/.test(piece);
        if (c.type === "rate") return /%$/.test(piece);
        if (c.type === "date") return /^\d{4}[-.年]/.test(piece);
        return false;
      };
      const used = new Set<number>();
      for (const piece of pieces) {
        let at = cols.findIndex((c, i) => !used.has(i) && fits(c, piece));
        if (at < 0) at = cols.findIndex((_, i) => !used.has(i));
        if (at < 0) break;
        used.add(at);
        out[at] = piece;
      }
    }
    return out.map((p, i) => {
      const c = cols[i];
      return c && ["integer", "money", "number", "rate", "date"].includes(c.type)
        ? p.replace(/^[^\d¥+\-.]+?[:：]?\s*(?=[\d¥+\-.])/u, "")
        : p;
    });
  }

  const pieceText = fc
    .array(
      fc.constantFrom(
        "1",
        "2",
        "0",
        "/",
        "人",
        "亿",
        "元",
        "年合作额",
        "¥",
        "-",
        ".",
        "%",
        "A类",
        " ",
        "：",
        "／",
      ),
      {
        maxLength: 12,
      },
    )
    .map((cs) => cs.join(""));

  it("equals the reference on any text and parts", () => {
    const layouts: (string | null)[][] = [
      ["employees", "revenue"],
      [null, "annualAmount", "repurchaseRate"],
      ["expectedPurchase", null, "owner"],
    ];
    fc.assert(
      fc.property(pieceText, fc.constantFrom(...layouts), (text, parts) => {
        expect(splitCombined("customers", text, parts)).toEqual(reference(text, parts));
      }),
      { numRuns: 20_000 },
    );
  });
});
