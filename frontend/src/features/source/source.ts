import type { FirstTouch, TimelineItem, TimelineSession } from "../../api/types";

// Where people came from, in words, and the tracked visits a record's
// timeline already holds.

/** sourceMedium is GA's "source / medium" ("google / cpc"); either alone when the other is missing; "" when neither is known. */
export function sourceMedium(source: string, medium: string): string {
  if (source && medium) return `${source} / ${medium}`;
  return source || medium;
}

const devices: Record<string, string> = { mobile: "Mobile", tablet: "Tablet", desktop: "Desktop" };

/** deviceLabel names a device type for people; the tracker may not know it. */
export function deviceLabel(type: string): string {
  return devices[type] ?? "Unknown device";
}

/**
 * recentSessions picks the newest tracked visits out of loaded timeline items,
 * so the record page shows them without asking the server again.
 */
export function recentSessions(items: readonly TimelineItem[], limit: number): TimelineSession[] {
  return items
    .flatMap((it) => (it.kind === "session" && it.session ? [it.session] : []))
    .sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at))
    .slice(0, limit);
}

/**
 * earliestFirstTouch is how an account first arrived: the earliest first
 * touch among its people, with whose it was; null when none was tracked.
 */
export function earliestFirstTouch<P extends { first_touch: FirstTouch | null }>(people: readonly P[]): { touch: FirstTouch; person: P } | null {
  let best: { touch: FirstTouch; person: P } | null = null;
  for (const person of people) {
    const touch = person.first_touch;
    if (touch && (!best || Date.parse(touch.occurred_at) < Date.parse(best.touch.occurred_at))) best = { touch, person };
  }
  return best;
}

/** pageCount is "1 page" or "3 pages". */
export function pageCount(n: number): string {
  return n === 1 ? "1 page" : `${n} pages`;
}
