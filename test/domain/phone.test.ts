/** Chinese phone numbers: ok, doubtful (a warning) or invalid (blocked, as validation.isPhone). */
import fc from "fast-check";
import { checkPhone, phoneWarning } from "../../src/domain/phone";
import { isPhone } from "../../src/domain/validation";

describe("checkPhone", () => {
  it.each([
    // Mobile: 1[3-9] + 9 digits, at both ends of the prefix range.
    ["13012345678", "mobile"],
    ["19912345678", "mobile"],
    ["138 0013 8000", "mobile"],
    ["138-0013-8000", "mobile"],
    ["+86 13800138000", "mobile"],
    ["+86-138-0013-8000", "mobile"],
    ["+8613800138000", "mobile"],
    ["008613800138000", "mobile"],
    ["8613800138000", "mobile"],
    ["(+86) 13800138000", "mobile"],
    ["１３８００１３８０００", "mobile"], // full-width digits (NFKC)
    // Landlines with their area code: 3-digit (010, 02x) + 8, 4-digit + 7 or 8.
    ["010-62345678", "landline"],
    ["01062345678", "landline"],
    ["(010) 6234 5678", "landline"],
    ["021-58881234", "landline"],
    ["029-88881234", "landline"],
    ["0755 8888 8888", "landline"],
    ["0755-88888888", "landline"],
    ["0371-6123456", "landline"],
    ["+86 10 62345678", "landline"], // +86 drops the trunk 0
    ["+86-755-8888-8888", "landline"],
    // Extensions.
    ["010-62345678转801", "landline"],
    ["010-62345678 转 801", "landline"],
    ["010-62345678分机801", "landline"],
    ["0755-88888888 ext. 12", "landline"],
    ["0755-88888888 x12", "landline"],
    ["0755-88888888#12", "landline"],
    // Service numbers and numbers abroad.
    ["400-810-8888", "service"],
    ["800 820 8820", "service"],
    ["95588", "service"],
    ["12345", "service"],
    ["+852 2345 6789", "international"],
    ["+1 (425) 882-8080", "international"],
  ])("%s is a good %s number", (text, kind) => {
    const check = checkPhone(text);
    expect(check.verdict).toBe("ok");
    expect(check.parts.map((p) => p.kind)).toEqual([kind]);
  });

  it.each([
    ["12012345678", "mobilePrefix"], // 12x is no mobile range
    ["10012345678", "mobilePrefix"],
    ["1380013800", "mobileLength"], // 10 digits
    ["138001380001", "mobileLength"], // 12 digits
    ["62345678", "noAreaCode"],
    ["6234567", "noAreaCode"],
    ["010-1234567", "areaCode"], // local number starting with 1
    ["010-6234567", "areaCode"], // 3-digit area code needs 8 digits
    ["0755-888888888", "areaCode"], // 9-digit local number
    ["0755-0888888", "areaCode"], // local number starting with 0
    ["123456", "unknown"],
    ["55555555555555", "unknown"],
  ])("%s is doubtful (%s): a warning, not a block", (text, doubt) => {
    const check = checkPhone(text);
    expect(check.verdict).toBe("doubtful");
    expect(check.parts[0]?.doubt).toBe(doubt);
    // Doubtful is not invalid: validation lets it through.
    expect(isPhone(text)).toBe(true);
  });

  it.each(["电话", "abc", "1234", "138-0013-800a", "123456789012345678901", "86", "/", "、"])(
    "%s is no phone number (blocked)",
    (text) => {
      expect(checkPhone(text).verdict).toBe("invalid");
      expect(isPhone(text)).toBe(false);
    },
  );

  it.each([
    ["010-62345678/13800138000", ["landline", "mobile"]],
    ["13800138000、0755 8888 8888", ["landline", "mobile"].reverse()],
    ["13800138000，13900139000", ["mobile", "mobile"]],
    ["010-62345678 转 801 / 138 0013 8000", ["landline", "mobile"]],
    ["13800138000或13900139000", ["mobile", "mobile"]],
  ])("several numbers %s", (text, kinds) => {
    const check = checkPhone(text);
    expect(check.verdict).toBe("ok");
    expect(check.parts.map((p) => p.kind)).toEqual(kinds);
  });

  it("one doubtful number makes the cell doubtful and is the one named", () => {
    const check = checkPhone("13800138000/62345678");
    expect(check.verdict).toBe("doubtful");
    expect(phoneWarning("13800138000/62345678", "zh")).toBe(
      "“62345678”缺少区号，如 010-62345678。请核对；如无误可照常保存。",
    );
    expect(phoneWarning("13800138000/62345678", "en")).toBe(
      "“62345678” has no area code, e.g. 010-62345678. Please check it; you can still save it as it is.",
    );
  });

  it("no warning for blank, good or invalid text (invalid has the validation message)", () => {
    expect(phoneWarning("", "zh")).toBeNull();
    expect(phoneWarning("  ", "zh")).toBeNull();
    expect(phoneWarning("13800138000", "zh")).toBeNull();
    expect(phoneWarning("abc", "zh")).toBeNull();
  });
});

const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`));
const mobile = fc
  .tuple(fc.constantFrom("3", "4", "5", "6", "7", "8", "9"), digits(9))
  .map(([p, rest]) => `1${p}${rest}`);
const landline = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("010", "020", "021", "025", "029"),
      fc.integer({ min: 2, max: 9 }),
      digits(7),
    )
    .map(([a, f, rest]) => ({ area: a, local: `${f}${rest}` })),
  fc
    .tuple(
      fc.integer({ min: 3, max: 9 }),
      digits(2),
      fc.integer({ min: 2, max: 9 }),
      fc.oneof(digits(6), digits(7)),
    )
    .map(([a, b, f, rest]) => ({ area: `0${a}${b}`, local: `${f}${rest}` })),
);
const sep = fc.constantFrom("", " ", "-");
/** A good number as people write it: separators, +86, an extension. */
const written = fc.oneof(
  fc
    .tuple(mobile, fc.constantFrom("", "+86 ", "+86-", "0086 "), sep)
    .map(([m, cc, s]) => `${cc}${m.slice(0, 3)}${s}${m.slice(3, 7)}${s}${m.slice(7)}`),
  fc
    .tuple(landline, sep, fc.constantFrom("", "转801", " 分机 12", " ext. 3", "#45"))
    .map(([l, s, ext]) => `${l.area}${s}${l.local}${ext}`),
);

describe("checkPhone properties", () => {
  it("accepts every well-formed mobile and landline, however written, alone or several", () => {
    fc.assert(
      fc.property(
        fc.array(written, { minLength: 1, maxLength: 4 }),
        fc.constantFrom("/", "、", " / "),
        (nums, s) => {
          const check = checkPhone(nums.join(s));
          expect(check.verdict).toBe("ok");
          expect(check.parts).toHaveLength(nums.length);
        },
      ),
    );
  });

  it("blocks exactly what validation blocks, on any text", () => {
    const phoneish = fc.stringMatching(/^[0-9 +\-()/、转x#a-z]{0,24}$/);
    fc.assert(
      fc.property(fc.oneof(phoneish, fc.string()), (text) => {
        expect(checkPhone(text).verdict === "invalid").toBe(!isPhone(text));
      }),
    );
  });

  it("a doubtful number among good ones makes the cell doubtful, never invalid", () => {
    fc.assert(
      fc.property(written, fc.integer({ min: 2, max: 9 }), digits(7), (good, f, rest) => {
        // An 8-digit local number without its area code.
        const check = checkPhone(`${good}/${f}${rest}`);
        expect(check.verdict).toBe("doubtful");
      }),
    );
  });
});
