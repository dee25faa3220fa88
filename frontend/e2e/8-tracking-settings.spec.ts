import { expect, test } from "@playwright/test";
import { login, shot, signup } from "./helpers";

test("settings → tracking: create a write key, copy its snippet, watch an event arrive live", async ({ page, request, baseURL }) => {
  const w = await signup(request, "Tracking Co");
  await login(page, w.email);

  await page.getByRole("link", { name: "Settings" }).first().click();
  await page.getByRole("link", { name: "Tracking" }).click();
  await expect(page).toHaveURL(/\/settings\/tracking$/);
  await expect(page.getByTestId("live-events-empty")).toHaveText("No events yet — add the snippet to your site, then load a page.");

  await page.getByLabel("Name").fill("Marketing site");
  await page.getByRole("button", { name: "Create write key" }).click();
  const row = page.getByTestId("write-key-row").filter({ hasText: "Marketing site" });
  await expect(row).toBeVisible();
  const snippet = (await row.getByTestId("tracking-snippet").textContent())!;
  const origin = new URL(baseURL!).origin;
  const match = snippet.match(/^<script async src="(.+)\/t\.js" data-write-key="(ofw_[^"]+)"><\/script>$/);
  expect(match, snippet).not.toBeNull();
  expect(match![1]).toBe(origin);
  const key = match![2]!;
  await expect(row).toContainText(`Segment or RudderStack SDKs: set the endpoint to ${origin} and the write key as above`);

  // A marker on window survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));
  const sent = await request.post("/v1/track", {
    data: { event: "Signed Up", anonymousId: "anon-live-1", userId: "user-77" },
    headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
  });
  expect(sent.status(), await sent.text()).toBe(200);

  const event = page.getByTestId("live-event-row").filter({ hasText: "Signed Up" });
  await expect(event).toBeVisible({ timeout: 10_000 });
  await expect(event).toContainText("track");
  await expect(event).toContainText("anon-live-1");
  await expect(event).toContainText("user-77");
  expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);
  await shot(page, "settings-tracking");

  // A phone: the page does not scroll sideways; the event table scrolls inside its card.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(event).toBeAttached();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, "phone-settings-tracking");

  // Revoking the key stops the site sending.
  await page.setViewportSize({ width: 1280, height: 800 });
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toHaveCount(0);
  const refused = await request.post("/v1/track", {
    data: { event: "After revoke", anonymousId: "anon-live-1" },
    headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` },
  });
  expect(refused.status()).toBe(401);
});
