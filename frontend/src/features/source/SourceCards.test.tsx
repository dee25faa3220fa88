import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import type { FirstTouch, TimelineSession } from "../../api/types";
import { fakeApi } from "../../test/fakeApi";
import { FirstTouchDetails } from "./FirstTouchCard";
import { RecentSessionsCard } from "./RecentSessions";

const paid: FirstTouch = {
  channel: "Paid Search",
  source: "google",
  medium: "cpc",
  campaign: "spring",
  landing_page: "https://acme.io/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring",
  device_type: "mobile",
  occurred_at: "2026-01-05T10:00:00Z",
};

function session(id: string, startedAt: string, pages: number): TimelineSession {
  return {
    id,
    started_at: startedAt,
    last_at: startedAt,
    channel: "Organic Search",
    source: "google",
    medium: "organic",
    campaign: "",
    landing_page: "https://acme.io/",
    device_type: "desktop",
    page_views: pages,
    pages: Array.from({ length: pages }, (_, i) => ({ url: `https://acme.io/p${i}`, title: i === 1 ? "<img src=x onerror=alert(1)>" : `Page ${i}`, at: startedAt })),
  };
}

describe("the first touch beside a record", () => {
  it("shows channel, source / medium, campaign, landing page, device and when", () => {
    render(<FirstTouchDetails touch={paid} />);
    const card = screen.getByTestId("first-touch");
    for (const text of ["Paid Search", "google / cpc", "spring", paid.landing_page, "Mobile"]) expect(within(card).getByText(text)).toBeTruthy();
    expect(card.querySelector("time")!.getAttribute("dateTime")).toBe("2026-01-05T10:00:00Z");
  });

  it("says Not tracked when the person arrived untracked", () => {
    render(<FirstTouchDetails touch={null} />);
    expect(screen.getByTestId("first-touch").textContent).toContain("Not tracked");
  });

  it("shows what it does not know as None, and tracked text never as markup", () => {
    render(<FirstTouchDetails touch={{ ...paid, channel: "Direct", source: "", medium: "", campaign: "<script>alert(1)</script>", landing_page: "", device_type: "" }} />);
    const card = screen.getByTestId("first-touch");
    expect(within(card).getAllByText("None")).toHaveLength(2); // source and landing page
    expect(within(card).getByText("<script>alert(1)</script>")).toBeTruthy();
    expect(within(card).getByText("Unknown device")).toBeTruthy();
    expect(card.querySelector("script")).toBeNull();
  });
});

describe("recent sessions beside a record", () => {
  function renderCard() {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={qc}>
        <MemoryRouter>
          <RecentSessionsCard entity="contacts" id="c1" />
        </MemoryRouter>
      </QueryClientProvider>,
    );
  }

  it("lists the latest visits from the timeline with their first pages, as text", async () => {
    const visits = [session("s1", "2026-01-01T09:00:00Z", 1), session("s2", "2026-01-04T09:00:00Z", 5), session("s3", "2026-01-03T09:00:00Z", 2), session("s4", "2026-01-02T09:00:00Z", 1)];
    const calls = fakeApi({
      "GET /api/v1/contacts/:id/timeline": () => ({
        status: 200,
        body: {
          data: [{ kind: "event", occurred_at: "2026-01-06T09:00:00Z", event: { id: "e1", event: "Ad Clicked", timestamp: "2026-01-06T09:00:00Z", properties: {} } }, ...visits.map((s) => ({ kind: "session", occurred_at: s.started_at, session: s }))],
          next_cursor: null,
        },
      }),
    });
    renderCard();
    const shown = await screen.findAllByTestId("recent-session");
    expect(shown).toHaveLength(3);
    expect(shown[0]!.textContent).toContain("Organic Search");
    expect(shown[0]!.textContent).toContain("google / organic");
    expect(shown[0]!.textContent).toContain("Desktop · 5 pages");
    expect(within(shown[0]!).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Page 0", "<img src=x onerror=alert(1)>", "Page 2"]);
    expect(shown[0]!.textContent).toContain("and 2 more");
    expect(shown[1]!.textContent).toContain("2 pages");
    expect(shown[1]!.textContent).not.toContain("more");
    expect(document.querySelector("img")).toBeNull();
    expect(calls.map((c) => c.path)).toEqual(["/api/v1/contacts/c1/timeline"]);
  });

  it("says when there was no tracked visit", async () => {
    fakeApi({ "GET /api/v1/contacts/:id/timeline": () => ({ status: 200, body: { data: [], next_cursor: null } }) });
    renderCard();
    expect(await screen.findByText("No tracked visits yet.")).toBeTruthy();
  });
});
