import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { login, post, shot, signup, type Workspace } from "./helpers";

// A visitor lands from a paid search ad on a phone, reads three pages and
// signs up: the contact, account and prospect it becomes show where it came
// from (the first touch) and the visit with its pages.

const iPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const landing = "https://hopper-labs.example/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring-launch";
const pageTitles = ["Pricing — Hopper Labs", "<img src=x onerror=alert(1)>", "Sign up"];

/** The related cards render twice (beside the timeline on wide screens, above it otherwise); only one is shown. */
const shown = (page: Page, testId: string) => page.getByTestId(testId).locator("visible=true");

async function trackVisit(request: APIRequestContext, key: string) {
  const anon = `anon-${Date.now()}`;
  const start = Date.now() - 10 * 60_000;
  const at = (minute: number) => new Date(start + minute * 60_000).toISOString();
  const urls = [landing, "https://hopper-labs.example/features", "https://hopper-labs.example/signup"];
  const pages = urls.map((url, i) => ({
    type: "page",
    messageId: `${anon}-page-${i}`,
    anonymousId: anon,
    timestamp: at(i),
    // analytics.js sends the page both as properties and as context.page.
    properties: { url, title: pageTitles[i], path: new URL(url).pathname },
    context: { userAgent: iPhone, page: { url, title: pageTitles[i], referrer: i === 0 ? "https://www.google.com/" : urls[i - 1] } },
  }));
  const identify = {
    type: "identify",
    messageId: `${anon}-identify`,
    anonymousId: anon,
    userId: "user-ada",
    timestamp: at(3),
    traits: { email: "ada@hopper-labs.example", firstName: "Ada", lastName: "Hopper" },
    context: { userAgent: iPhone },
  };
  const r = await request.post("/v1/batch", { data: { batch: [...pages, identify] }, headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` } });
  expect(r.status(), await r.text()).toBe(200);
}

/** processedContact waits for the processor to turn the visit into a contact with its first touch. */
async function processedContact(request: APIRequestContext, w: Workspace): Promise<{ id: string; account_id: string }> {
  const headers = { Authorization: `Bearer ${w.token}` };
  let contact: { id: string; account_id: string; first_touch: unknown } | undefined;
  await expect
    .poll(async () => {
      const r = await request.get("/api/v1/contacts?email=ada@hopper-labs.example", { headers });
      contact = (await r.json()).data[0];
      return contact?.first_touch ? "processed" : "waiting";
    })
    .toBe("processed");
  return contact!;
}

async function noHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a tracked visit that signs up: record pages show its first touch and the visit with its pages", async ({ page, request }) => {
  const w = await signup(request, "Source Co");
  const { key } = await post<{ key: string }>(request, w, "/api/v1/write-keys", { name: "Hopper Labs site" });
  await trackVisit(request, key);
  const ada = await processedContact(request, w);
  const walkIn = await post<{ id: string }>(request, w, "/api/v1/contacts", { first_name: "Walk", last_name: "In" });
  await login(page, w.email);

  // The contact: how Ada first arrived, and the visit with the pages she saw, as text.
  await page.goto(`/contacts/${ada.id}`);
  await expect(page.getByTestId("record-title")).toHaveText("Ada Hopper");
  const firstTouch = shown(page, "first-touch");
  for (const text of ["Paid Search", "google / cpc", "spring-launch", landing, "Mobile"]) await expect(firstTouch).toContainText(text);
  const visit = shown(page, "recent-session");
  await expect(visit).toHaveCount(1);
  await expect(visit).toContainText("Mobile · 3 pages");
  await expect(visit.getByRole("listitem")).toHaveText(pageTitles);
  await expect(page.getByTestId("timeline-session")).toContainText("Visited from Paid Search · 3 pages");
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // A wide screen puts the cards in their own column beside the timeline.
  await page.setViewportSize({ width: 1600, height: 900 });
  await expect(firstTouch).toBeInViewport();
  await expect(visit).toBeInViewport();
  await shot(page, "contact-source");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The account made from her email's domain: its first touch is hers.
  await page.getByRole("region", { name: "Details" }).getByRole("link", { name: "hopper-labs.example" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${ada.account_id}$`));
  await expect(shown(page, "first-touch")).toContainText("Paid Search");
  await expect(shown(page, "first-touch").getByRole("link", { name: "Ada Hopper" })).toBeVisible();
  await expect(shown(page, "recent-session")).toContainText("3 pages");

  // The prospect she opened keeps the same first touch.
  const r = await request.get(`/api/v1/prospects?contact_id=${ada.id}`, { headers: { Authorization: `Bearer ${w.token}` } });
  const [prospect] = (await r.json()).data as { id: string }[];
  await page.goto(`/prospects/${prospect!.id}`);
  await expect(shown(page, "first-touch")).toContainText("Paid Search");
  await expect(shown(page, "first-touch")).toContainText("spring-launch");
  await expect(shown(page, "recent-session")).toContainText("Mobile · 3 pages");

  // Someone added by hand was never tracked.
  await page.goto(`/contacts/${walkIn.id}`);
  await expect(shown(page, "first-touch")).toContainText("Not tracked");
  await expect(page.getByText("No tracked visits yet.").locator("visible=true")).toBeVisible();

  // On a phone the cards fit: long landing pages and page titles wrap or cut, never widen the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/contacts/${ada.id}`);
  await expect(shown(page, "recent-session")).toContainText("3 pages");
  await noHorizontalOverflow(page);
  await shown(page, "recent-session").scrollIntoViewIfNeeded();
  await shot(page, "phone-contact-source");
});
