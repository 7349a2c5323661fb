import { describe, expect, it } from "vitest";
import { duration, iso, isoSeconds } from "../src/diagnosis/time-text";

describe("time in diagnoses", () => {
  it("shows epoch seconds and milliseconds as ISO dates", () => {
    expect(isoSeconds(1_740_830_400)).toBe("2025-03-01T12:00:00.000Z");
    expect(iso(1_740_830_400_500)).toBe("2025-03-01T12:00:00.500Z");
  });

  it("shows a time outside the Date range as a number rather than throwing", () => {
    expect(iso(1e20)).toBe("100000000000000000000 ms since the epoch");
    expect(isoSeconds(9e15)).toBe("9000000000000000000 ms since the epoch");
  });

  it.each([
    [0, "0 s"],
    [499, "0 s"],
    [500, "1 s"],
    [42_000, "42 s"],
    [59_499, "59 s"],
    [59_500, "1 min 0 s"],
    [185_000, "3 min 5 s"],
    [3_599_000, "59 min 59 s"],
    [3_600_000, "1 h 0 min"],
    [7_800_000, "2 h 10 min"],
    [47 * 3_600_000 + 59 * 60_000, "47 h 59 min"],
    [48 * 3_600_000, "2 days"],
    [3 * 86_400_000 + 23 * 3_600_000, "3 days"],
  ])("shows %i ms as %s", (ms, text) => {
    expect(duration(ms)).toBe(text);
  });
});
