import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { login, post, shot, signup, stages, type Workspace } from "./helpers";

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

interface Seeded {
  prospects: { id: string; exposed: boolean; won: boolean }[];
}

// Eight buying journeys imported with their history, as a team moving from
// another CRM would: every journey starts with an organic search visit; the
// even ones also saw a display ad of the "spring" campaign, and all of those
// were won, against one of the four that did not see it. Prospect 3 is lost.
async function seed(request: APIRequestContext, w: Workspace): Promise<Seeded> {
  const st = await stages(request, w);
  const opportunity = st.find((s) => s.phase === "opportunity")!;
  const won = st.find((s) => s.phase === "won")!;
  const lost = st.find((s) => s.phase === "lost")!;

  const campaign = await post<{ id: string }>(request, w, "/api/v1/campaigns", { name: "Spring display", channel: "Display", utm_campaign: "spring" });
  await post(request, w, `/api/v1/campaigns/${campaign.id}/spend`, {
    period_start: daysAgo(60).slice(0, 10),
    period_end: daysAgo(0).slice(0, 10),
    amount: 250_000,
    currency: "EUR",
  });

  const prospects: Seeded["prospects"] = [];
  for (let i = 0; i < 8; i++) {
    const opened = 40 - i * 3;
    const account = await post<{ id: string }>(request, w, "/api/v1/accounts", { name: `Company ${i}`, domain: `company${i}.test` });
    const contact = await post<{ id: string }>(request, w, "/api/v1/contacts", { first_name: "Buyer", last_name: `${i}`, email: `buyer${i}@company${i}.test`, account_id: account.id });
    const p = await post<{ id: string }>(request, w, "/api/v1/prospects", {
      title: `Deal ${i}`,
      account_id: account.id,
      contacts: [{ contact_id: contact.id }],
      currency: "EUR",
      created_at: daysAgo(opened),
    });
    const touch = (type: string, channel: string, at: number, extra: object = {}) =>
      post(request, w, "/api/v1/touchpoints", { contact_id: contact.id, type, channel, occurred_at: daysAgo(at), ...extra });
    await touch("session", "Organic Search", opened + 5, { source: "google", medium: "organic" });
    const exposed = i % 2 === 0;
    if (exposed) await touch("ad_impression", "Display", opened - 2, { source: "dsp", medium: "display", campaign: "spring" });
    if (i % 3 === 0) await touch("email_click", "Email", opened - 4, { source: "newsletter", medium: "email" });

    const isWon = exposed || i === 1;
    if (isWon) {
      await post(request, w, `/api/v1/prospects/${p.id}/stage-changes`, { stage_id: opportunity.id, occurred_at: daysAgo(opened - 6) });
      await post(request, w, `/api/v1/prospects/${p.id}/stage-changes`, { stage_id: won.id, amount: (i + 1) * 100_000, occurred_at: daysAgo(opened - 10) });
    } else if (i === 3) {
      await post(request, w, `/api/v1/prospects/${p.id}/stage-changes`, { stage_id: lost.id, lost_reason: "No budget", occurred_at: daysAgo(opened - 8) });
    }
    prospects.push({ id: p.id, exposed, won: isWon });
  }
  return { prospects };
}

async function noHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("reports: funnel, velocity, attribution with a drill-down, lift, ROI and an outside metric, each with its CSV", async ({ page, request }) => {
  const w = await signup(request, "Reports Co");
  const { prospects } = await seed(request, w);
  await login(page, w.email);

  // Funnel: all eight opened in the last 90 days, five won, one lost.
  await page.getByRole("link", { name: "Reports" }).first().click();
  await expect(page).toHaveURL(/\/reports\/funnel$/);
  const step = (phase: string) => page.locator(`[data-testid="funnel-step"][data-phase="${phase}"]`).getByTestId("funnel-reached");
  await expect(step("lead")).toHaveText("8");
  await expect(step("won")).toHaveText("5");
  await expect(step("lost")).toHaveText("1");
  await shot(page, "reports-funnel");
  await page.getByLabel("Split by").selectOption("channel");
  await expect(page).toHaveURL(/split_by=channel/);
  await expect(page.getByTestId("funnel-segment").first()).toBeVisible();

  // Velocity: five journeys from first touch to won, each 15 days.
  await page.getByRole("link", { name: "Velocity" }).click();
  const firstTouch = page.getByTestId("velocity-row").filter({ hasText: "First touch → won" });
  await expect(firstTouch).toContainText("n=5");
  await expect(firstTouch.getByTestId("velocity-median")).toHaveText("15 days");
  await shot(page, "reports-velocity");

  // Attribution: the five won prospects, credited under linear, then first touch (all organic search), then Markov.
  await page.getByRole("link", { name: "Attribution" }).click();
  await expect(page.getByTestId("attribution-total")).toHaveText("5.00");
  await expect(page.getByTestId("attribution-row").filter({ hasText: "Display" })).toBeVisible();
  await page.getByLabel("Model").selectOption("first_touch");
  await expect(page.getByRole("heading", { name: "Attribution · First touch" })).toBeVisible();
  await expect(page.getByTestId("attribution-row").filter({ hasText: "Organic Search" }).getByTestId("attribution-conversions")).toHaveText("5.00");
  await page.getByLabel("Model").selectOption("markov");
  await expect(page).toHaveURL(/model=markov/);
  const markov = page.getByRole("region", { name: "Attribution · Markov chain (removal effect)" });
  await expect(markov.getByRole("columnheader", { name: "Removal effect" })).toBeVisible();
  await shot(page, "reports-attribution");

  const [download] = await Promise.all([page.waitForEvent("download"), markov.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^onefunnel-attribution-markov-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const header = csv.split(/\r?\n/)[0]!.toLowerCase();
  expect(header).toContain("conversions");
  expect(header).toContain("revenue");

  // The drill-down, from the prospect's page: three touches, the first is the organic visit.
  await page.goto(`/prospects/${prospects[0]!.id}`);
  await page.getByRole("link", { name: "Attribution" }).click();
  await expect(page).toHaveURL(new RegExp(`/reports/attribution\\?prospect=${prospects[0]!.id}$`));
  const journey = page.getByTestId("attribution-drilldown");
  await expect(journey.getByTestId("drilldown-touch")).toHaveCount(3);
  await expect(journey.getByTestId("drilldown-touch").first()).toContainText("first");
  await expect(journey.getByTestId("drilldown-touch").first()).toContainText("Organic Search");
  await shot(page, "reports-attribution-drilldown");

  // Lift: display ads against winning, as a forest plot, said plainly to be observational.
  await page.getByRole("link", { name: "Lift" }).click();
  await expect(page.getByTestId("lift-observational")).toContainText(
    "Observational: exposed prospects may differ in other ways; this shows association, not proof that the exposure caused the outcome.",
  );
  await expect(page.getByTestId("lift-arm").first()).toContainText("4"); // four exposed, all won
  const forest = page.getByTestId("forest-plot");
  await expect(forest).toBeVisible();
  await expect(forest.getByTestId("forest-row").first()).toContainText("All prospects (crude)");
  await shot(page, "reports-lift");

  // ROI: the campaign's spend against the revenue credited to it.
  await page.getByRole("link", { name: "ROI" }).click();
  const spring = page.getByTestId("roi-row").filter({ hasText: "Spring display" });
  await expect(spring).toContainText("2,500.00");
  await expect(spring.getByTestId("roi-roas")).not.toHaveText("");
  await shot(page, "reports-roi");

  // Outside metrics: paste twelve weeks of share of voice, then see it against pipeline and revenue.
  await page.getByRole("link", { name: "Outside metrics" }).click();
  const monday = new Date(Date.now() - 84 * DAY);
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  const lines = Array.from({ length: 12 }, (_, k) => `${new Date(monday.getTime() + k * 7 * DAY).toISOString().slice(0, 10)},${10 + ((k * 7) % 5)}`);
  await page.getByLabel("Points, one week a line").fill(["week,value", ...lines].join("\n"));
  await page.getByRole("button", { name: "Import 12 points" }).click();
  await expect(page.getByTestId("correlation-chart")).toHaveCount(2);
  await expect(page.getByTestId("correlation-chart").first().getByTestId("lag")).toHaveCount(13);
  await shot(page, "reports-metrics");

  // A phone: the reports are behind "More"; nothing scrolls sideways but the tables inside their cards.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/board");
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("link", { name: "Reports" }).click();
  await expect(page).toHaveURL(/\/reports\/funnel$/);
  for (const tab of ["funnel", "velocity", "attribution?model=markov", "lift", "roi", "metrics"]) {
    await page.goto(`/reports/${tab}`);
    await expect(page.getByRole("region").first()).toBeVisible();
    await noHorizontalOverflow(page);
  }
  await page.goto("/reports/lift");
  await expect(page.getByTestId("forest-plot")).toBeVisible();
  await shot(page, "phone-reports-lift");
});
