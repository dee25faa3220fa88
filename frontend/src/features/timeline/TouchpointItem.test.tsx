import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import type { Touchpoint } from "../../api/types";
import { TouchpointItem, touchLabel } from "./TouchpointItem";

const base: Touchpoint = {
  id: "01a20857-b110-7bec-ac3c-b4c32dda7945",
  type: "ad_click",
  channel: "Paid Search",
  source: "google",
  medium: "cpc",
  campaign: "spring-launch",
  campaign_id: null,
  content: "",
  term: "",
  occurred_at: "2025-03-02T09:00:00Z",
  contact_id: null,
  account_id: null,
  anonymous_id: "",
  session_id: null,
  event_id: null,
  landing_page: "",
  referrer: "",
  device_type: "",
  created_at: "2025-03-02T09:00:00Z",
};

describe("a touchpoint on the timeline", () => {
  it("says what it was, through which channel and from where", () => {
    render(<TouchpointItem tp={base} />);
    expect(screen.getByTestId("timeline-touchpoint").textContent).toContain("Ad click via Paid Search");
    expect(screen.getByText("google / cpc · spring-launch")).toBeTruthy();
  });

  it("shows a tracked source as text, never as markup", () => {
    render(<TouchpointItem tp={{ ...base, type: "webinar", channel: "Direct", source: "<img src=x onerror=alert(1)>", medium: "", campaign: "" }} />);
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
  });

  it("names every type in words", () => {
    expect(touchLabel("quote_view")).toBe("Quote view");
    expect(touchLabel("session")).toBe("Session");
  });
});
