import { allocateIdsByDate, highestSequences, nextIds } from "../../src/domain/ids";
import { serialFromYmd } from "../../src/domain/values";

const may10 = serialFromYmd(2024, 5, 10);
const june1 = serialFromYmd(2024, 6, 1);

describe("nextIds", () => {
  it("starts at 001 in an empty table", () => {
    expect(nextIds([], "C", may10, 2)).toEqual(["C202405001", "C202405002"]);
  });

  it("continues after the highest sequence of that prefix and month", () => {
    const existing = ["C202405001", "C202405007", "C202404099", "F202405050"];
    expect(nextIds(existing, "C", may10, 1)).toEqual(["C202405008"]);
  });

  it.each([
    ["malformed", ["C2024-05-001", "X202405009", "C20240500", "", null, 42]],
    ["other prefix", ["F202405123"]],
  ])("ignores %s IDs", (_label, existing) => {
    expect(nextIds(existing, "C", may10, 1)).toEqual(["C202405001"]);
  });

  it("trims white space and keeps sequences beyond 999", () => {
    expect(nextIds([" C202405999 "], "C", may10, 2)).toEqual(["C2024051000", "C2024051001"]);
    expect(nextIds(["C2024051000"], "C", may10, 1)).toEqual(["C2024051001"]);
  });

  it("never reuses a gap", () => {
    expect(nextIds(["R202405001", "R202405003"], "R", may10, 1)).toEqual(["R202405004"]);
  });
});

describe("allocateIdsByDate", () => {
  it("numbers each month on its own", () => {
    expect(allocateIdsByDate(["O202405002"], "O", [may10, june1, may10])).toEqual([
      "O202405003",
      "O202406001",
      "O202405004",
    ]);
  });

  it("reports the highest sequence per month", () => {
    expect([...highestSequences(["C202405002", "C202406010"], "C")]).toEqual([
      ["202405", 2],
      ["202406", 10],
    ]);
  });
});
