import { describe, expect, it } from "vitest";
import type { FirstTouch, TimelineItem, TimelineSession } from "../../api/types";
import { deviceLabel, earliestFirstTouch, pageCount, recentSessions, sourceMedium } from "./source";

function visit(id: string, startedAt: string): TimelineSession {
  return {
    id,
    started_at: startedAt,
    last_at: startedAt,
    channel: "Direct",
    source: "",
    medium: "",
    campaign: "",
    landing_page: "https://acme.io/",
    device_type: "desktop",
    page_views: 1,
    pages: [{ url: "https://acme.io/", title: "Home", at: startedAt }],
  };
}

const sessionItem = (s: TimelineSession): TimelineItem => ({ kind: "session", occurred_at: s.started_at, session: s });

function touch(channel: FirstTouch["channel"], at: string): FirstTouch {
  return { channel, source: "", medium: "", campaign: "", landing_page: "", device_type: "", occurred_at: at };
}

describe("where people came from, in words", () => {
  it("writes source and medium as GA does, and what is known when one is missing", () => {
    expect(sourceMedium("google", "cpc")).toBe("google / cpc");
    expect(sourceMedium("news.ycombinator.com", "")).toBe("news.ycombinator.com");
    expect(sourceMedium("", "email")).toBe("email");
    expect(sourceMedium("", "")).toBe("");
  });

  it("names devices, and says when the tracker could not tell", () => {
    expect(["mobile", "tablet", "desktop", "", "smart-fridge"].map(deviceLabel)).toEqual(["Mobile", "Tablet", "Desktop", "Unknown device", "Unknown device"]);
  });

  it("counts pages in words", () => {
    expect([0, 1, 2].map(pageCount)).toEqual(["0 pages", "1 page", "2 pages"]);
  });
});

describe("recent sessions come out of the timeline", () => {
  it("keeps only visits, newest first, up to the limit", () => {
    const a = visit("a", "2026-01-01T09:00:00Z");
    const b = visit("b", "2026-01-03T09:00:00Z");
    const c = visit("c", "2026-01-02T09:00:00Z");
    const d = visit("d", "2025-12-30T09:00:00Z");
    const items: TimelineItem[] = [
      { kind: "event", occurred_at: "2026-01-04T09:00:00Z", event: { id: "e", event: "Ad Clicked", timestamp: "2026-01-04T09:00:00Z", properties: {} } },
      sessionItem(a),
      sessionItem(b),
      { kind: "session", occurred_at: "2026-01-05T09:00:00Z" }, // a session item without its session is skipped, not shown empty
      sessionItem(c),
      sessionItem(d),
    ];
    expect(recentSessions(items, 3).map((s) => s.id)).toEqual(["b", "c", "a"]);
    expect(recentSessions(items, 10).map((s) => s.id)).toEqual(["b", "c", "a", "d"]);
    expect(recentSessions([], 3)).toEqual([]);
  });
});

describe("an account's first touch is its earliest person's", () => {
  it("picks the earliest tracked first touch and whose it was", () => {
    const people = [
      { id: "late", first_touch: touch("Email", "2026-02-01T00:00:00Z") },
      { id: "untracked", first_touch: null },
      { id: "early", first_touch: touch("Paid Search", "2026-01-15T00:00:00Z") },
      { id: "later", first_touch: touch("Direct", "2026-03-01T00:00:00Z") },
    ];
    const first = earliestFirstTouch(people);
    expect(first?.person.id).toBe("early");
    expect(first?.touch.channel).toBe("Paid Search");
  });

  it("is null when nobody was tracked", () => {
    expect(earliestFirstTouch([{ first_touch: null }, { first_touch: null }])).toBeNull();
    expect(earliestFirstTouch([])).toBeNull();
  });

  it("does not depend on the order people are listed in", () => {
    const people = Array.from({ length: 12 }, (_, i) => ({ id: String(i), first_touch: touch("Referral", new Date(Date.UTC(2026, 0, 1 + ((i * 7) % 12))).toISOString()) }));
    for (let shift = 0; shift < people.length; shift++) {
      const rotated = [...people.slice(shift), ...people.slice(0, shift)];
      expect(earliestFirstTouch(rotated)?.touch.occurred_at).toBe("2026-01-01T00:00:00.000Z");
    }
  });
});
