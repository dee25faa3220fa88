import { describe, expect, it } from "vitest";
import { MAX_POINTS, parseMetricLines } from "./metricPoints";

describe("pasted metric points", () => {
  it("reads week,value lines with a header, blank lines and any of , ; tab", () => {
    const r = parseMetricLines('week,value\n2025-01-06,12.5\n\n2025-01-13;13\n2025-01-20\t-0.5\r\n"2025-01-27","7"\n');
    expect(r.errors).toEqual([]);
    expect(r.points).toEqual([
      { period_start: "2025-01-06", value: 12.5 },
      { period_start: "2025-01-13", value: 13 },
      { period_start: "2025-01-20", value: -0.5 },
      { period_start: "2025-01-27", value: 7 },
    ]);
  });

  it("names each line it cannot read", () => {
    const r = parseMetricLines("2025-01-06,1\n2025-02-30,2\n2025-01-13,lots\n2025-01-20,1,5\n2025-01-06,3\n2025-01-27,");
    expect(r.points).toHaveLength(1);
    expect(r.errors).toEqual([
      'Line 2: "2025-02-30" is not a date like 2025-01-06.',
      "Line 3: the value must be one number, like 12.5.",
      "Line 4: the value must be one number, like 12.5.",
      "Line 5: 2025-01-06 is already on line 1.",
      "Line 6: the value must be one number, like 12.5.",
    ]);
  });

  it("takes only a first line as a header", () => {
    expect(parseMetricLines("2025-01-06,1\nweek,value").errors).toEqual(['Line 2: "week" is not a date like 2025-01-06.']);
  });

  it("refuses more points than the API takes at once", () => {
    const lines = Array.from({ length: MAX_POINTS + 1 }, (_, i) => `${new Date(Date.UTC(2000, 0, 3 + 7 * i)).toISOString().slice(0, 10)},1`);
    expect(parseMetricLines(lines.join("\n")).errors).toEqual([`At most ${MAX_POINTS} points in one import; this has ${MAX_POINTS + 1}.`]);
  });
});
