import { expect, test } from "@playwright/test";
import { login, post, signup } from "./helpers";

// A visitor-supplied name is data, never markup: it renders as text everywhere.
test("an XSS payload in a contact's name renders as text", async ({ page, request }) => {
  const w = await signup(request, "Xss");
  const first = `<img src=x onerror="window.__xss=1">`;
  const last = `<script>window.__xss=2</script>`;
  const acc = await post<{ id: string }>(request, w, "/api/v1/accounts", { name: `<b onmouseover="window.__xss=3">Evil</b> Corp` });
  const c = await post<{ id: string }>(request, w, "/api/v1/contacts", { first_name: first, last_name: last, account_id: acc.id });
  await post(request, w, "/api/v1/activities", { type: "note", subject: `<svg onload="window.__xss=4">`, body: `<iframe src="javascript:window.__xss=5"></iframe>`, contact_id: c.id });
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await login(page, w.email);
  await page.goto("/contacts");
  await expect(page.getByText(`${first} ${last}`).first()).toBeVisible();
  await page.goto(`/contacts/${c.id}`);
  await expect(page.getByTestId("record-title")).toHaveText(`${first} ${last}`);
  await expect(page.getByTestId("timeline-activity").first()).toContainText(`<svg onload="window.__xss=4">`);
  await expect(page.getByTestId("timeline-activity").first()).toContainText(`<iframe src="javascript:window.__xss=5"></iframe>`);
  await page.goto(`/accounts/${acc.id}`);
  await expect(page.getByTestId("record-title")).toHaveText(`<b onmouseover="window.__xss=3">Evil</b> Corp`);
  await page.getByTestId("record-title").hover();

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator("main img, main script:not([src]), main svg[onload], main iframe").count()).toBe(0);
  expect(dialogs).toEqual([]);
});
