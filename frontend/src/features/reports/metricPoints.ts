import type { MetricPoint } from "../../api/types";
import { isDay } from "./filters";

/** The API takes at most this many points in one import. */
export const MAX_POINTS = 5000;

export interface ParsedPoints {
  points: MetricPoint[];
  /** one message per line that could not be read, with its line number */
  errors: string[];
}

/**
 * parseMetricLines reads pasted "week,value" lines, as a spreadsheet exports
 * them: comma, semicolon or tab between the two, a header line and blank lines
 * allowed. The server moves each date to its week's Monday.
 */
export function parseMetricLines(text: string): ParsedPoints {
  const points: MetricPoint[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (line === "" || line.startsWith("#")) return;
    const [week = "", value = "", ...rest] = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
    if (points.length === 0 && errors.length === 0 && !/^\d/.test(week)) return; // a header such as "week,value"
    if (!isDay(week)) return void errors.push(`Line ${n}: "${week}" is not a date like 2025-01-06.`);
    if (rest.length > 0 || value === "" || !Number.isFinite(Number(value))) return void errors.push(`Line ${n}: the value must be one number, like 12.5.`);
    const before = seen.get(week);
    if (before !== undefined) return void errors.push(`Line ${n}: ${week} is already on line ${before}.`);
    seen.set(week, n);
    points.push({ period_start: week, value: Number(value) });
  });
  if (points.length > MAX_POINTS) errors.push(`At most ${MAX_POINTS} points in one import; this has ${points.length}.`);
  return { points, errors };
}
