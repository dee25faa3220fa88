import { describe, expect, it } from "vitest";
import { forestMark, INTERVAL_LIMIT, linearScale, logScale, logTicks, niceUp, ratioDomain, RATIO_LIMIT } from "./scale";

describe("the log axis of the forest plot", () => {
  const x = logScale([0.1, 10]);

  it("puts no difference (1) in the middle and equal ratios at equal distances", () => {
    expect(x(1)).toBeCloseTo(50);
    expect(x(0.1)).toBeCloseTo(0);
    expect(x(10)).toBeCloseTo(100);
    expect(x(Math.sqrt(10))).toBeCloseTo(75);
    expect(x(2) - x(1)).toBeCloseTo(x(1) - x(0.5)); // doubling and halving are the same size
  });

  it("clamps what lies off the axis to its edges", () => {
    expect([x(0), x(-3), x(0.001), x(1e6), x(Infinity)]).toEqual([0, 0, 0, 100, 100]);
  });

  it("is centred on 1 and wide enough for every estimate and interval, up to the limits", () => {
    expect(ratioDomain([])).toEqual([0.5, 2]);
    expect(ratioDomain([{ estimate: 1.5, low: 1.1, high: 2.4 }])).toEqual([0.2, 5]);
    expect(ratioDomain([{ estimate: 0.8, low: 0.3, high: 1.9 }])).toEqual([0.2, 5]);
    expect(ratioDomain([{ estimate: 3, low: 1.2, high: 8 }])).toEqual([0.1, 10]);
    // A wide interval widens the axis only to INTERVAL_LIMIT; past that it is cut.
    expect(ratioDomain([{ estimate: 2, low: 0.5, high: 150 }])).toEqual([1 / INTERVAL_LIMIT, INTERVAL_LIMIT]);
    expect(ratioDomain([{ estimate: 1.2, low: 0, high: Infinity }])).toEqual([1 / INTERVAL_LIMIT, INTERVAL_LIMIT]);
    // A large estimate stays on the axis, up to RATIO_LIMIT.
    expect(ratioDomain([{ estimate: 30, low: 12, high: 80 }])).toEqual([0.02, 50]);
    expect(ratioDomain([{ estimate: 0.004, low: 0.001, high: 0.02 }])).toEqual([1 / RATIO_LIMIT, RATIO_LIMIT]);
    // No outcome among the exposed: an estimate of 0 sits at the left edge.
    expect(ratioDomain([{ estimate: 0, low: 0, high: 3 }])).toEqual([1 / INTERVAL_LIMIT, INTERVAL_LIMIT]);
  });

  it("cuts an interval at the plot's edge and says so", () => {
    const domain = [0.01, 100] as const;
    const m = forestMark({ estimate: 1.5, low: 0.001, high: 500 }, domain);
    expect(m).toMatchObject({ low: 0, high: 100, cutLow: true, cutHigh: true });
    expect(m.x).toBeCloseTo(50 + (Math.log(1.5) / Math.log(100)) * 50);
    expect(forestMark({ estimate: 2, low: 0, high: Infinity }, domain)).toMatchObject({ low: 0, high: 100, cutLow: true, cutHigh: true });
    expect(forestMark({ estimate: 1, low: 0.5, high: 2 }, [0.5, 2])).toEqual({ x: 50, low: 0, high: 100, cutLow: false, cutHigh: false });
  });

  it("keeps every mark on the plot, in order, and cut exactly where the interval leaves it (random intervals)", () => {
    let seed = 3;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 1000; i++) {
      const estimate = Math.exp((r() - 0.5) * 12);
      const low = estimate * Math.exp(-r() * 6);
      const high = estimate * Math.exp(r() * 6);
      const d = ratioDomain([{ estimate, low, high }, { estimate: 1, low: 0.9, high: 1.1 }]);
      expect(d[0]).toBeCloseTo(1 / d[1]);
      expect(d[0] <= Math.max(estimate, 1 / RATIO_LIMIT) && Math.min(estimate, RATIO_LIMIT) <= d[1]).toBe(true);
      const m = forestMark({ estimate, low, high }, d);
      for (const v of [m.x, m.low, m.high]) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(100);
      expect(m.low).toBeLessThanOrEqual(m.x + 1e-9);
      expect(m.x).toBeLessThanOrEqual(m.high + 1e-9);
      expect(m.cutLow).toBe(low < d[0]);
      expect(m.cutHigh).toBe(high > d[1]);
      if (low >= 1 / INTERVAL_LIMIT && high <= INTERVAL_LIMIT) expect(m.cutLow || m.cutHigh).toBe(false);
    }
  });

  it("labels the axis with 1-2-5 ticks, fewer when crowded", () => {
    expect(logTicks([0.5, 2])).toEqual([0.5, 1, 2]);
    expect(logTicks([0.2, 5])).toEqual([0.2, 0.5, 1, 2, 5]);
    expect(logTicks([0.1, 10])).toEqual([0.1, 0.2, 0.5, 1, 2, 5, 10]);
    expect(logTicks([0.01, 100])).toEqual([0.01, 0.1, 1, 10, 100]);
    expect([2.4, 5, 0.3, 7, 10, 0.011].map(niceUp)).toEqual([5, 5, 0.5, 10, 10, 0.02]);
  });
});

describe("linearScale", () => {
  it("maps and clamps", () => {
    const y = linearScale([-1, 1], [100, 0]);
    expect([y(-1), y(0), y(1), y(0.5), y(3), y(-Infinity)]).toEqual([100, 50, 0, 25, 0, 100]);
  });
});
