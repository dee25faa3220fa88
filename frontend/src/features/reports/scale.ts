// Scales map a value to a position in percent of a plot's width (or height),
// so charts are plain HTML boxes that stretch with their container and keep
// their text crisp at any size.

/** linearScale maps [d0, d1] onto [r0, r1], clamped to the range. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number] = [0, 100]) {
  return (v: number): number => {
    if (!Number.isFinite(v)) return v > 0 ? r1 : r0;
    const t = d1 === d0 ? 0.5 : (v - d0) / (d1 - d0);
    return r0 + Math.min(1, Math.max(0, t)) * (r1 - r0);
  };
}

/**
 * logScale maps [d0, d1] (both > 0) onto [r0, r1] on a log axis, clamped:
 * zero, negatives and values below d0 sit at r0; values above d1 (or ∞) at r1.
 */
export function logScale([d0, d1]: readonly [number, number], range: readonly [number, number] = [0, 100]) {
  const lin = linearScale([Math.log(d0), Math.log(d1)], range);
  return (v: number): number => (v > 0 ? lin(Math.log(v)) : range[0]);
}

// 1-2-5 steps read well on a log axis: 0.1 0.2 0.5 1 2 5 10.
const STEPS = [1, 2, 5] as const;

/** niceUp is the smallest 1-2-5 number at or above v (v > 0). */
export function niceUp(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const s of STEPS) if (s * p >= v * (1 - 1e-9)) return s * p;
  return 10 * p;
}

const isPowerOfTen = (v: number) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;

/** logTicks are the 1-2-5 numbers within [lo, hi]; only the powers of ten when more than 7 would crowd the axis. */
export function logTicks([lo, hi]: readonly [number, number]): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const s of STEPS) {
      const v = Number((s * 10 ** e).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out.length > 7 ? out.filter(isPowerOfTen) : out;
}

/** The widest ratio axis drawn: estimates up to 100 times either way stay on it. */
export const RATIO_LIMIT = 100;
/**
 * Intervals widen the axis up to 10 times either way only: a small stratum's
 * interval can run to 0.01–500 and would squeeze every other row into a dot;
 * past the axis it is cut and marked instead.
 */
export const INTERVAL_LIMIT = 10;

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

const spread = (v: number, limit: number) => (v > 0 && Number.isFinite(v) ? Math.min(Math.max(v, 1 / v), limit) : v === 0 || v === Infinity ? limit : 1);

/**
 * ratioDomain is a log axis for risk ratios, centred on 1 (no difference):
 * [1/m, m] with m a 1-2-5 number of at least 2, wide enough for every
 * estimate (up to RATIO_LIMIT) and every interval (up to INTERVAL_LIMIT).
 */
export function ratioDomain(intervals: readonly Interval[]): [number, number] {
  let m = 2;
  for (const i of intervals) {
    // An estimate of 0 (no outcome among the exposed) has no place on a log axis; it sits at the edge.
    if (i.estimate > 0) m = Math.max(m, spread(i.estimate, RATIO_LIMIT));
    m = Math.max(m, spread(i.low, INTERVAL_LIMIT), spread(i.high, INTERVAL_LIMIT));
  }
  const nice = niceUp(m);
  return [1 / nice, nice];
}

export interface ForestMark {
  /** the estimate's position, percent */
  x: number;
  /** the interval's ends, percent, clamped to the plot */
  low: number;
  high: number;
  /** the interval goes on past the plot's edge */
  cutLow: boolean;
  cutHigh: boolean;
}

/** forestMark places one interval on a ratio axis. */
export function forestMark(i: Interval, domain: readonly [number, number]): ForestMark {
  const x = logScale(domain);
  return {
    x: x(i.estimate),
    low: x(i.low),
    high: x(i.high),
    cutLow: !(i.low >= domain[0]),
    cutHigh: !(i.high <= domain[1]),
  };
}
