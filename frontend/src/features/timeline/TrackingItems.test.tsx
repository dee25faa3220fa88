import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import type { TimelineSession } from "../../api/types";
import { EventItem, MergeItem, mergeLabel, SessionItem, sessionLabel } from "./TrackingItems";

const visit: TimelineSession = {
  id: "01a20857-b110-7bec-ac3c-b4c32dda7945",
  started_at: "2026-01-05T10:00:00Z",
  last_at: "2026-01-05T10:05:00Z",
  channel: "Paid Search",
  source: "google",
  medium: "cpc",
  campaign: "spring",
  landing_page: "https://acme.io/pricing",
  device_type: "desktop",
  page_views: 3,
  pages: [
    { url: "https://acme.io/pricing", title: "", at: "2026-01-05T10:00:00Z" },
    { url: "https://acme.io/features", title: "<img src=x onerror=alert(1)>", at: "2026-01-05T10:05:00Z" },
  ],
};

describe("tracking on the timeline", () => {
  it("summarises a visit by channel and page count", () => {
    expect(sessionLabel(visit)).toBe("Visited from Paid Search · 3 pages");
    expect(sessionLabel({ ...visit, channel: "Direct", page_views: 1 })).toBe("Visited from Direct · 1 page");
  });

  it("lists a visit's pages as text, never as markup", () => {
    render(<SessionItem s={visit} />);
    expect(screen.getByTestId("timeline-session").textContent).toContain("Visited from Paid Search · 3 pages");
    expect(screen.getByText("https://acme.io/pricing")).toBeTruthy();
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
  });

  it("names a tracked event", () => {
    render(<EventItem ev={{ id: visit.id, event: "Ad Clicked", timestamp: "2026-01-05T10:06:00Z", properties: {} }} />);
    expect(screen.getByTestId("timeline-event").textContent).toContain("Ad Clicked");
  });

  it("names a merged contact by what it was known by, as text", () => {
    const m = { id: visit.id, merged_contact_id: visit.id, reason: "alias" as const, email: "annie@gmail.com", user_id: "u-annie", name: "Annie L" };
    expect(mergeLabel(m)).toBe("Merged with Annie L · annie@gmail.com");
    expect(mergeLabel({ ...m, name: "", email: null })).toBe("Merged with u-annie");
    expect(mergeLabel({ ...m, name: "", email: null, user_id: null })).toBe("Merged with another contact");
    render(<MergeItem m={{ ...m, name: "<b>x</b>" }} at="2026-01-07T08:00:00Z" />);
    expect(screen.getByTestId("timeline-merge").textContent).toContain("Merged with <b>x</b> · annie@gmail.com");
    expect(document.querySelector("b")).toBeNull();
  });
});
