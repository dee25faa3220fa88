import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import type { AttributionReport, FunnelReport, LiftReport } from "../../api/types";
import { fakeApi, problem, type Call } from "../../test/fakeApi";
import { addDays, utcToday } from "./filters";
import { OBSERVATIONAL } from "./LiftDashboard";
import { ReportsPage } from "./ReportsPage";

function Where() {
  const l = useLocation();
  return <output data-testid="where">{l.pathname + l.search}</output>;
}

function open(url: string) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route
            path="/reports/*"
            element={
              <>
                <ReportsPage />
                <Where />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const where = () => screen.getByTestId("where").textContent;
const params = (c: Call) => Object.fromEntries(new URLSearchParams(c.query));
const period = { from: "2025-01-01", to: "2025-03-31" };

const attribution = (model: AttributionReport["model"]): AttributionReport => ({
  model, conversion: "won", group_by: "channel", period, lookback_days: 90, currency: "EUR",
  groups: [{ key: "Display", conversions: 1.333333, revenue: 1250050 }, { key: "Email", conversions: 0.666667, revenue: 0 }],
  totals: { conversions: 2, revenue: 1250050 }, unattributed: { conversions: 0, revenue: 0 },
});

describe("the attribution dashboard", () => {
  it("asks for the model in the URL, shows credits with 2 decimals and money in the report's currency, and follows a model change", async () => {
    const calls = fakeApi({ "GET /api/v1/reports/attribution": (c) => ({ status: 200, body: attribution(params(c).model as AttributionReport["model"]) }) });
    open("/reports/attribution?from=2025-01-01&to=2025-03-31&group_by=channel");

    const rows = await screen.findAllByTestId("attribution-row");
    expect(rows.map((r) => within(r).getByTestId("attribution-conversions").textContent)).toEqual(["1.33", "0.67"]);
    expect(within(rows[0]!).getByTestId("attribution-revenue").textContent).toMatch(/€\s?12,500\.50|12[.,\s]500[.,]50\s?€/);
    expect(params(calls[0]!)).toEqual({ from: "2025-01-01", to: "2025-03-31", model: "linear", conversion: "won", group_by: "channel", lookback_days: "90" });

    await userEvent.selectOptions(screen.getByLabelText("Model"), "time_decay");
    await waitFor(() => expect(calls.at(-1)!.query).toContain("model=time_decay"));
    expect(params(calls.at(-1)!).half_life_days).toBe("7");
    expect(where()).toBe("/reports/attribution?from=2025-01-01&to=2025-03-31&group_by=channel&model=time_decay");
    expect(await screen.findByRole("heading", { name: "Attribution · Time decay" })).toBeTruthy();
  });

  it("opens a prospect's journey from the URL and closes it", async () => {
    const id = "0190a4b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b";
    fakeApi({
      "GET /api/v1/reports/attribution": () => ({ status: 200, body: attribution("linear") }),
      "GET /api/v1/prospects/:id": () => ({ status: 200, body: { id, title: "Globex deal" } }),
      "GET /api/v1/reports/attribution/prospects/:id": () => ({
        status: 200,
        body: {
          prospect_id: id, model: "linear", conversion: "won", group_by: "channel", converted: true, converted_at: "2025-02-01T10:00:00Z", revenue: 1000, currency: "EUR",
          touches: [
            { touchpoint_id: "t1", occurred_at: "2025-01-02T10:00:00Z", type: "ad_click", channel: "Paid Search", source: "google", medium: "cpc", campaign: "", group: "Paid Search", roles: ["first", "lead"], conversion: 0.5, revenue: 500 },
            { touchpoint_id: "t2", occurred_at: "2025-01-20T10:00:00Z", type: "meeting", channel: "Direct", source: "", medium: "", campaign: "", group: "Direct", roles: ["last", "won"], conversion: 0.5, revenue: 500 },
          ],
        },
      }),
    });
    open(`/reports/attribution?prospect=${id}`);
    const card = await screen.findByTestId("attribution-drilldown");
    expect(await within(card).findByText("Journey of Globex deal")).toBeTruthy();
    expect((await within(card).findAllByTestId("drilldown-touch")).map((t) => within(t).getByTestId("drilldown-credit").textContent)).toEqual(["0.50", "0.50"]);
    await userEvent.click(within(card).getByRole("button", { name: "Close the journey" }));
    expect(screen.queryByTestId("attribution-drilldown")).toBeNull();
    expect(where()).toBe("/reports/attribution");
  });
});

describe("the period bar", () => {
  it("writes a preset to the URL, asks for its days, and keeps only the period when the dashboard changes", async () => {
    const calls = fakeApi({
      "GET /api/v1/reports/attribution": () => ({ status: 200, body: attribution("markov") }),
    });
    open("/reports/attribution?model=markov");
    await screen.findAllByTestId("attribution-row");
    const today = utcToday();
    expect(params(calls[0]!)).toMatchObject({ from: addDays(today, -89), to: today });

    await userEvent.click(screen.getByRole("button", { name: "30 days" }));
    await waitFor(() => expect(params(calls.at(-1)!)).toMatchObject({ from: addDays(today, -29), to: today, model: "markov" }));
    expect(where()).toBe("/reports/attribution?model=markov&range=30");
    expect(screen.getByRole("button", { name: "30 days" }).getAttribute("aria-pressed")).toBe("true");

    await userEvent.click(screen.getByRole("link", { name: "Velocity" }));
    expect(where()).toBe("/reports/velocity?range=30");
  });
});

const emptyFunnel: FunnelReport = {
  basis: "cohort", split_by: "none", period,
  segments: [{ key: "all", prospects: 0, phases: [{ stage_id: null, name: "Lead", phase: "lead", reached: 0, from_previous: null, from_start: null }], stages: [] }],
};

describe("loading, empty and error", () => {
  it("says how to get data when a report has none", async () => {
    fakeApi({ "GET /api/v1/reports/funnel": () => ({ status: 200, body: emptyFunnel }) });
    open("/reports/funnel");
    expect(await screen.findByText("No conversions in this period")).toBeTruthy();
    expect(screen.getByText(/Try a longer range or load demo data/).textContent).toContain("make run ARGS=--demo");
  });

  it("shows the API's problem and retries", async () => {
    let n = 0;
    fakeApi({ "GET /api/v1/reports/funnel": () => (n++ === 0 ? { status: 422, body: problem(422, "validation_failed", "from is after to") } : { status: 200, body: emptyFunnel }) });
    open("/reports");
    expect((await screen.findByRole("alert")).textContent).toContain("from is after to");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No conversions in this period")).toBeTruthy();
    expect(where()).toBe("/reports/funnel");
  });
});

const lift: LiftReport = {
  exposure: "type:ad_impression", outcome: "won", period,
  exposed: { prospects: 100, outcomes: 20, rate: 0.2 }, unexposed: { prospects: 200, outcomes: 20, rate: 0.1 },
  crude: { risk_ratio: { estimate: 2, low: 1.1, high: 3.6 }, relative_lift: { estimate: 1, low: 0.1, high: 2.6 }, risk_difference: { estimate: 0.1, low: 0.01, high: 0.19 } },
  stratify_by: "device_type",
  stratified: { risk_ratio: { estimate: 1.8, low: 1, high: 3.2 }, relative_lift: null, risk_difference: null },
  strata: [
    { key: "desktop", exposed: { prospects: 90, outcomes: 19, rate: 0.21 }, unexposed: { prospects: 150, outcomes: 18, rate: 0.12 }, risk_ratio: { estimate: 1.76, low: 0.97, high: 3.2 } },
    { key: "mobile", exposed: { prospects: 10, outcomes: 1, rate: 0.1 }, unexposed: { prospects: 50, outcomes: 2, rate: 0.04 }, risk_ratio: { estimate: 2.5, low: 0.25, high: 250 } },
    { key: "tablet", exposed: { prospects: 0, outcomes: 0, rate: 0 }, unexposed: { prospects: 3, outcomes: 0, rate: 0 }, risk_ratio: null },
  ],
  note: "Strata with an empty arm are left out of the adjusted estimate.",
};

describe("the lift dashboard", () => {
  it("says it is observational, shows the API's note, and plots one row per estimate and stratum on a log axis", async () => {
    fakeApi({ "GET /api/v1/reports/lift": () => ({ status: 200, body: lift }), "GET /api/v1/campaigns": () => ({ status: 200, body: { data: [], next_cursor: null } }) });
    open("/reports/lift");
    expect((await screen.findByTestId("lift-observational")).textContent).toContain(OBSERVATIONAL);
    // The API's own note says the same for API clients; the page says it once.
    expect(screen.queryAllByText(/Observational/)).toHaveLength(1);

    const rows = screen.getAllByTestId("forest-row");
    expect(rows.map((r) => r.getAttribute("aria-label"))).toEqual([
      "All prospects (crude): 2.00 (1.10–3.60)",
      "Adjusted for device type: 1.80 (1.00–3.20)",
      "desktop: 1.76 (0.97–3.20)",
      "mobile: 2.50 (0.25–250.00)",
      "tablet: not estimable",
    ]);
    // The axis is [0.1, 10] (the widest interval widens it no further): 2 sits at log(2)/log(100) past the middle.
    const crude = within(rows[0]!).getByTestId("forest-estimate");
    expect(parseFloat(crude.style.left)).toBeCloseTo(50 + (Math.log(2) / Math.log(100)) * 100);
    // mobile's interval runs past 10: cut at the edge, marked with an arrow.
    expect(parseFloat(within(rows[3]!).getByTestId("forest-ci").style.width) + parseFloat(within(rows[3]!).getByTestId("forest-ci").style.left)).toBeCloseTo(100);
    expect(within(rows[3]!).queryByTestId("forest-cut-high")).not.toBeNull();
    expect(within(rows[2]!).queryByTestId("forest-cut-high")).toBeNull();
  });
});
