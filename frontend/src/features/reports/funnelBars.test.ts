import { describe, expect, it } from "vitest";
import type { FunnelStep, Phase } from "../../api/types";
import { funnelBars } from "./funnelBars";

const step = (phase: Phase, reached: number): FunnelStep => ({ stage_id: null, name: phase, phase, reached, from_previous: null, from_start: null });

describe("funnel bars", () => {
  it("sizes each step against the largest", () => {
    const bars = funnelBars([step("lead", 200), step("qualified", 120), step("opportunity", 50), step("won", 10), step("lost", 30)]);
    expect(bars.map((b) => b.width)).toEqual([100, 60, 25, 5, 15]);
    expect(bars.map((b) => b.exit)).toEqual([false, false, false, false, true]);
  });

  it("measures against the largest step even when it is not the first (period basis)", () => {
    expect(funnelBars([step("lead", 5), step("qualified", 20)]).map((b) => b.width)).toEqual([25, 100]);
  });

  it("draws no bars for an empty funnel instead of dividing by zero", () => {
    expect(funnelBars([step("lead", 0), step("won", 0)]).map((b) => b.width)).toEqual([0, 0]);
    expect(funnelBars([])).toEqual([]);
  });
});
