import { describe, expect, it } from "vitest";
import {
  addDays, DEFAULT_PRESET, enumOption, isDay, numberOption, PRESETS, periodDays, periodOnly, readOptions, readPeriod, textOption, writeOption, writePeriod, type Period,
} from "./filters";
import { attributionOptions, liftOptions } from "./queries";

const url = (s: string) => new URLSearchParams(s);

// A small deterministic generator (mulberry32), so a failure repeats.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the period in the URL", () => {
  it("resolves presets to the last N days, today included", () => {
    expect(periodDays({ preset: 30 }, "2025-03-01")).toEqual({ from: "2025-01-31", to: "2025-03-01" });
    expect(periodDays({ preset: 365 }, "2024-12-31")).toEqual({ from: "2024-01-02", to: "2024-12-31" }); // 2024 is a leap year
    expect(periodDays({ from: "2025-01-01", to: "2025-01-31" }, "2030-01-01")).toEqual({ from: "2025-01-01", to: "2025-01-31" });
  });

  it("falls back to the default for what a hand-edited link gets wrong", () => {
    const fallback = { preset: DEFAULT_PRESET };
    expect(readPeriod(url(""))).toEqual(fallback);
    expect(readPeriod(url("range=45"))).toEqual(fallback);
    expect(readPeriod(url("from=2025-02-30&to=2025-03-10"))).toEqual(fallback);
    expect(readPeriod(url("from=2025-03-10&to=2025-03-01"))).toEqual(fallback);
    expect(readPeriod(url("from=2025-03-01"))).toEqual(fallback);
    expect(readPeriod(url("range=30&from=2025-01-01&to=2025-01-02"))).toEqual({ from: "2025-01-01", to: "2025-01-02" });
  });

  it("writes only what differs from the default and keeps other parameters", () => {
    expect(writePeriod(url("model=markov&range=30"), { preset: DEFAULT_PRESET }).toString()).toBe("model=markov");
    expect(writePeriod(url("model=markov"), { preset: 180 }).toString()).toBe("model=markov&range=180");
    expect(writePeriod(url("range=30"), { from: "2025-01-01", to: "2025-02-01" }).toString()).toBe("from=2025-01-01&to=2025-02-01");
    expect(periodOnly(url("model=markov&range=365&prospect=x")).toString()).toBe("range=365");
  });

  it("round-trips any period through the URL", () => {
    const r = rng(7);
    for (let i = 0; i < 500; i++) {
      const from = addDays("2020-01-01", Math.floor(r() * 2000));
      const p: Period = r() < 0.5 ? { preset: PRESETS[Math.floor(r() * PRESETS.length)]! } : { from, to: addDays(from, Math.floor(r() * 400)) };
      expect(readPeriod(writePeriod(url("x=1"), p))).toEqual(p);
    }
  });

  it("knows a real day from a look-alike", () => {
    expect(["2024-02-29", "2025-12-31"].map(isDay)).toEqual([true, true]);
    expect(["2025-02-29", "2025-13-01", "2025-1-01", "yesterday", ""].map(isDay)).toEqual([false, false, false, false, false]);
  });
});

describe("a dashboard's options in the URL", () => {
  const spec = {
    model: enumOption(["linear", "markov"] as const, "linear"),
    lookback: numberOption(1, 730, 90),
    half_life: numberOption(0.01, 365, 7, false),
    name: textOption(/^[a-z]+$/),
  };

  it("reads defaults from an empty URL and keeps the URL empty when they are written back", () => {
    const v = readOptions(spec, url(""));
    expect(v).toEqual({ model: "linear", lookback: 90, half_life: 7, name: "" });
    let p = url("");
    for (const k of Object.keys(spec) as (keyof typeof spec)[]) p = writeOption(p, spec, k, v[k] as never);
    expect(p.toString()).toBe("");
  });

  it("rejects values outside the spec", () => {
    expect(readOptions(spec, url("model=shapley&lookback=0&half_life=abc&name=Robert')"))).toEqual({ model: "linear", lookback: 90, half_life: 7, name: "" });
    expect(readOptions(spec, url("lookback=7.5&half_life=0.5"))).toMatchObject({ lookback: 90, half_life: 0.5 });
    expect(readOptions(spec, url("lookback=%20"))).toMatchObject({ lookback: 90 });
  });

  it("round-trips the attribution and lift controls", () => {
    const r = rng(11);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    for (let i = 0; i < 300; i++) {
      const a = {
        model: pick(attributionOptions.model.values),
        conversion: pick(attributionOptions.conversion.values),
        group_by: pick(attributionOptions.group_by.values),
        lookback_days: 1 + Math.floor(r() * 730),
        half_life_days: Math.round((0.01 + r() * 364) * 100) / 100,
        prospect: pick(["", "0190a4b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b"]),
      };
      let p = url("range=30");
      for (const k of Object.keys(a) as (keyof typeof a)[]) p = writeOption(p, attributionOptions, k, a[k] as never);
      expect(readOptions(attributionOptions, p)).toEqual(a);
      expect(readPeriod(p)).toEqual({ preset: 30 });
    }
    const lift = readOptions(liftOptions, url("exposure=campaign:0190a4b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b&outcome=customer&stratify_by=owner"));
    expect(lift).toEqual({ exposure: "campaign:0190a4b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", outcome: "customer", stratify_by: "owner" });
    expect(readOptions(liftOptions, url("exposure=campaign:nope&outcome=lost")).exposure).toBe("ad_impression");
    expect(readOptions(liftOptions, url("outcome=lost")).outcome).toBe("won");
  });
});
