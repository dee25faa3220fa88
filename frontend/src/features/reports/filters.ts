// A report's filters live in the URL's query string, so a view can be shared,
// bookmarked and reloaded. Only values that differ from their default are
// written, which keeps shared links short and lets a default change later.

export const PRESETS = [30, 90, 180, 365] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = 90;

/**
 * Period is a rolling window ("last 90 days", ?range=90: the link shows the
 * latest days whenever it is opened) or fixed days (?from=…&to=…).
 */
export type Period = { preset: Preset } | { from: string; to: string };

/** Days are what the API takes: the first and last UTC day, both included. */
export interface Days {
  from: string;
  to: string;
}

/** isDay accepts a real calendar day written YYYY-MM-DD. */
export function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** utcToday is today as the API counts days (UTC). */
export function utcToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** periodDays resolves a period against today: "last 30 days" is today and the 29 days before. */
export function periodDays(p: Period, today: string): Days {
  if ("preset" in p) return { from: addDays(today, -(p.preset - 1)), to: today };
  return { from: p.from, to: p.to };
}

function isPreset(n: number): n is Preset {
  return (PRESETS as readonly number[]).includes(n);
}

export function readPeriod(params: URLSearchParams): Period {
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  if (isDay(from) && isDay(to) && from <= to) return { from, to };
  const range = Number(params.get("range"));
  return { preset: isPreset(range) ? range : DEFAULT_PRESET };
}

export function writePeriod(params: URLSearchParams, p: Period): URLSearchParams {
  const n = new URLSearchParams(params);
  n.delete("range");
  n.delete("from");
  n.delete("to");
  if ("preset" in p) {
    if (p.preset !== DEFAULT_PRESET) n.set("range", String(p.preset));
  } else {
    n.set("from", p.from);
    n.set("to", p.to);
  }
  return n;
}

/** periodOnly keeps just the period, for links to another dashboard. */
export function periodOnly(params: URLSearchParams): URLSearchParams {
  return writePeriod(new URLSearchParams(), readPeriod(params));
}

// A dashboard's own controls, each read back with a check, so a hand-edited
// link falls back to the default instead of sending the API something invalid.
export interface EnumOption<T extends string = string> {
  kind: "enum";
  values: readonly T[];
  fallback: T;
}
export interface NumberOption {
  kind: "number";
  min: number;
  max: number;
  integer: boolean;
  fallback: number;
}
export interface TextOption {
  kind: "text";
  pattern: RegExp;
  fallback: string;
}
export type Option = EnumOption | NumberOption | TextOption;
export type OptionSpec = Record<string, Option>;
export type OptionValues<S extends OptionSpec> = {
  [K in keyof S]: S[K] extends EnumOption<infer T> ? T : S[K] extends NumberOption ? number : string;
};

export const enumOption = <T extends string>(values: readonly T[], fallback: T): EnumOption<T> => ({ kind: "enum", values, fallback });
export const numberOption = (min: number, max: number, fallback: number, integer = true): NumberOption => ({ kind: "number", min, max, integer, fallback });
export const textOption = (pattern: RegExp, fallback = ""): TextOption => ({ kind: "text", pattern, fallback });

function readOne(o: Option, raw: string | null): string | number {
  if (raw === null) return o.fallback;
  switch (o.kind) {
    case "enum":
      return o.values.includes(raw) ? raw : o.fallback;
    case "number": {
      const n = Number(raw);
      const ok = raw.trim() !== "" && Number.isFinite(n) && n >= o.min && n <= o.max && (!o.integer || Number.isInteger(n));
      return ok ? n : o.fallback;
    }
    case "text":
      return o.pattern.test(raw) ? raw : o.fallback;
  }
}

export function readOptions<S extends OptionSpec>(spec: S, params: URLSearchParams): OptionValues<S> {
  const out: Record<string, string | number> = {};
  for (const [key, o] of Object.entries(spec)) out[key] = readOne(o, params.get(key));
  return out as OptionValues<S>;
}

export function writeOption<S extends OptionSpec, K extends keyof S & string>(params: URLSearchParams, spec: S, key: K, value: OptionValues<S>[K]): URLSearchParams {
  const n = new URLSearchParams(params);
  if (value === spec[key]!.fallback) n.delete(key);
  else n.set(key, String(value));
  return n;
}
