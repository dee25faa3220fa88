// Formatting for people: money in minor units, dates, ages, names.

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}:${compact}`;
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, {
        style: "currency",
        currency,
        notation: compact ? "compact" : "standard",
        maximumFractionDigits: compact ? 1 : undefined,
      });
    } catch {
      f = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
    }
    moneyFormats.set(key, f);
  }
  return f;
}

/** minorDigits is how many decimals a currency has (EUR 2, JPY 0). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** formatMoney shows an amount in minor units as currency ("€12,500.00"). */
export function formatMoney(amount: number, currency: string, compact = false): string {
  return moneyFormat(currency, compact).format(amount / 10 ** minorDigits(currency));
}

/** toMinor parses what a person typed ("12,500.50") into minor units, or null. */
export function toMinor(input: string, currency: string): number | null {
  const cleaned = input.replace(/[\s,_']/g, "");
  if (cleaned === "") return 0;
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 10 ** minorDigits(currency));
}

/** fromMinor is the editable text of an amount ("12500.5"). */
export function fromMinor(amount: number, currency: string): string {
  return String(amount / 10 ** minorDigits(currency));
}

/** sumByCurrency totals amounts without mixing currencies. */
export function sumByCurrency(items: { amount: number; currency: string }[]): { currency: string; amount: number }[] {
  const sums = new Map<string, number>();
  for (const it of items) sums.set(it.currency, (sums.get(it.currency) ?? 0) + it.amount);
  return [...sums].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount);
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** age says how long ago, briefly: "now", "5m", "3h", "12d", "4mo", "2y". */
export function age(iso: string, now = Date.now()): string {
  const ms = Math.max(0, now - Date.parse(iso));
  if (ms < MIN) return "now";
  if (ms < HOUR) return `${Math.floor(ms / MIN)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  if (ms < 60 * DAY) return `${Math.floor(ms / DAY)}d`;
  if (ms < 730 * DAY) return `${Math.floor(ms / (30 * DAY))}mo`;
  return `${Math.floor(ms / (365 * DAY))}y`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** formatTime shows the time to the second, for a live log where minutes are too coarse. */
export function formatTime(iso: string): string {
  return timeOnly.format(new Date(iso));
}

export function formatDate(iso: string): string {
  // A bare date (2025-12-31) is a calendar day, not midnight UTC.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso);
  return dateOnly.format(d);
}

/** relative is "in 3 days" / "2 hours ago" for due dates and timelines. */
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
export function relative(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  if (abs < HOUR) return rtf.format(Math.round(diff / MIN), "minute");
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), "hour");
  if (abs < 30 * DAY) return rtf.format(Math.round(diff / DAY), "day");
  return formatDate(iso);
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? "?";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "";
  return (first + last).toUpperCase();
}

export function contactName(c: { first_name: string; last_name: string; email: string | null }): string {
  const n = `${c.first_name} ${c.last_name}`.trim();
  return n || c.email || "Unnamed contact";
}

export const phaseLabel: Record<string, string> = {
  lead: "Lead",
  qualified: "Qualified",
  opportunity: "Opportunity",
  won: "Won",
  lost: "Lost",
  customer: "Customer",
  churned: "Churned",
};
