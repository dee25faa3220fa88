import { describe, expect, it } from "vitest";
import { formatDuration, timeDomain, timeTicks } from "./duration";

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [0.4, "0.4 s"],
    [45, "45 s"],
    [59.97, "1 min"], // rounds up into the next unit instead of "60 s"
    [90, "1.5 min"],
    [12 * MIN, "12 min"],
    [HOUR - 1, "1 h"],
    [1.5 * HOUR, "1.5 h"],
    [23.99 * HOUR, "1 day"],
    [DAY, "1 day"],
    [1.5 * DAY, "1.5 days"],
    [9.96 * DAY, "10 days"],
    [140.3 * DAY, "140 days"],
    [3 * 365 * DAY, "1095 days"],
  ])("%s seconds is %s", (s, want) => {
    expect(formatDuration(s)).toBe(want);
  });

  it.each([-1, Number.NaN, Infinity])("%s has no duration", (s) => {
    expect(formatDuration(s)).toBe("—");
  });
});

describe("the duration axis", () => {
  const d = (p25: number, median: number, p90: number, count = 5) => ({ count, p25, median, p90 });

  it("spans seconds to months when a funnel does", () => {
    expect(timeDomain([d(30, 600, 3 * HOUR), d(2 * DAY, 9 * DAY, 90 * DAY)])).toEqual([1, 365 * DAY]);
  });

  it("snaps out to the ticks around the data", () => {
    expect(timeDomain([d(2 * DAY, 5 * DAY, 20 * DAY)])).toEqual([DAY, 30 * DAY]);
    expect(timeDomain([d(90, 200, 1000)])).toEqual([MIN, HOUR]);
    expect(timeTicks([DAY, 30 * DAY]).map((t) => t.label)).toEqual(["1 day", "1 wk", "30 days"]);
  });

  it("stays two ticks wide when every duration is the same, and ignores empty rows and zeros", () => {
    expect(timeDomain([d(DAY, DAY, DAY)])).toEqual([DAY, 7 * DAY]);
    expect(timeDomain([d(0, 0, 5), d(HOUR, HOUR, 100 * DAY, 0)])).toEqual([1, MIN]);
    expect(timeDomain([])).toEqual([MIN, DAY]);
    expect(timeDomain([d(20 * 365 * DAY, 20 * 365 * DAY, 20 * 365 * DAY)])).toEqual([365 * DAY, 3650 * DAY]);
  });
});
