// Funnels last seconds (self-serve) or months (B2B contracts), so a duration
// picks its unit: "45 s", "12 min", "3.5 h", "1 day", "140 days".

const units = [
  { name: "s", seconds: 1, next: 60 },
  { name: "min", seconds: 60, next: 60 },
  { name: "h", seconds: 3600, next: 24 },
  { name: "days", seconds: 86_400, next: Infinity },
] as const;

// One decimal below 10, whole numbers above: "2.5 h" says more than "2 h", "140.3 days" no more than "140 days".
function round(v: number): number {
  return v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
}

/** formatDuration shows seconds in the largest unit that keeps the number at least 1. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  for (const u of units) {
    const v = round(seconds / u.seconds);
    // 59.97 s rounds to 60: say "1 min", not "60 s".
    if (v < u.next) return u.name === "days" && v === 1 ? "1 day" : `${v} ${u.name}`;
  }
  return "—";
}

/** The ticks of a duration axis, in seconds: each a unit people count in. */
export const TIME_TICKS = [
  { seconds: 1, label: "1 s" },
  { seconds: 60, label: "1 min" },
  { seconds: 3600, label: "1 h" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 7 * 86_400, label: "1 wk" },
  { seconds: 30 * 86_400, label: "30 days" },
  { seconds: 365 * 86_400, label: "1 yr" },
  { seconds: 3650 * 86_400, label: "10 yr" },
] as const;

interface Spread {
  count: number;
  p25: number;
  median: number;
  p90: number;
}

/**
 * timeDomain is a log axis (seconds) holding every box and whisker, snapped
 * out to TIME_TICKS and at least two ticks wide. Durations of zero (a stage
 * passed in the same second) sit at its left edge.
 */
export function timeDomain(spreads: readonly Spread[]): [number, number] {
  const seen = spreads.filter((s) => s.count > 0);
  const positive = seen.flatMap((s) => [s.p25, s.median, s.p90]).filter((v) => v > 0 && Number.isFinite(v));
  const ticks = TIME_TICKS.map((t) => t.seconds);
  if (positive.length === 0) return [ticks[1]!, ticks[3]!];
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  let i = Math.max(0, ticks.filter((t) => t <= lo).length - 1);
  let j = ticks.findIndex((t) => t >= hi);
  if (j < 0) j = ticks.length - 1;
  if (j <= i) j = Math.min(i + 1, ticks.length - 1);
  if (j <= i) i = j - 1;
  return [ticks[i]!, ticks[j]!];
}

export function timeTicks([lo, hi]: readonly [number, number]) {
  return TIME_TICKS.filter((t) => t.seconds >= lo && t.seconds <= hi);
}
