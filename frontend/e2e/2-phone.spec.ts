import { expect, test, type Page } from "@playwright/test";
import { column, login, post, shot, signup, stages } from "./helpers";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function noHorizontalOverflow(page: Page) {
  // The page itself never scrolls sideways; only the board's columns do.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a phone: the board scrolls by column, screens and forms fit", async ({ page, request }) => {
  const w = await signup(request, "Pocket");
  const st = await stages(request, w);
  const acc = await post<{ id: string }>(request, w, "/api/v1/accounts", { name: "Initech", domain: "initech.com" });
  const con = await post<{ id: string }>(request, w, "/api/v1/contacts", { first_name: "Peter", last_name: "Gibbons", email: "peter@initech.com", job_title: "Software engineer", account_id: acc.id });
  for (const [i, title] of ["TPS report automation", "Printer replacement programme", "Stapler licensing"].entries()) {
    await post(request, w, "/api/v1/prospects", { title, account_id: acc.id, amount: (i + 1) * 450000, currency: "USD", stage_id: st[i]!.id, contacts: [{ contact_id: con.id }] });
  }
  await login(page, w.email);

  // One column fills most of the screen; a swipe brings the next one in.
  const board = page.getByTestId("board");
  const first = column(page, "Lead");
  await expect(first.getByTestId("prospect-card")).toHaveCount(1);
  const box = (await first.boundingBox())!;
  expect(box.width).toBeGreaterThan(300);
  expect(box.width).toBeLessThanOrEqual(390);
  await noHorizontalOverflow(page);
  await shot(page, "phone-board");
  await board.evaluate((el) => el.scrollBy({ left: 340 }));
  await expect.poll(async () => (await column(page, "Engaged").boundingBox())!.x).toBeLessThan(40);
  await shot(page, "phone-board-scrolled");

  await page.getByRole("link", { name: "Prospects" }).click();
  await expect(page.getByRole("link", { name: "TPS report automation" })).toBeVisible();
  await noHorizontalOverflow(page);
  await shot(page, "phone-prospects");

  await page.getByRole("link", { name: "TPS report automation" }).click();
  await expect(page.getByTestId("record-title")).toHaveText("TPS report automation");
  await noHorizontalOverflow(page);
  await shot(page, "phone-prospect");

  await page.getByRole("link", { name: "Contacts" }).click();
  await page.getByRole("link", { name: "Peter Gibbons" }).click();
  await expect(page.getByTestId("record-title")).toHaveText("Peter Gibbons");
  await noHorizontalOverflow(page);
  await shot(page, "phone-contact");

  // Five tabs fit a thumb; accounts and reports open from "More".
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveCount(4);
  await page.getByRole("button", { name: "More" }).click();
  await shot(page, "phone-more");
  await page.getByRole("link", { name: "Accounts" }).click();
  await expect(page.getByRole("link", { name: "Reports" })).toHaveCount(0); // the sheet closed

  // A form is a bottom sheet that fits the screen.
  await page.getByRole("button", { name: "New account" }).first().click();
  const sheet = page.getByRole("dialog");
  await expect(sheet).toBeVisible();
  const sb = (await sheet.boundingBox())!;
  expect(sb.x).toBeGreaterThanOrEqual(0);
  expect(sb.x + sb.width).toBeLessThanOrEqual(390);
  await noHorizontalOverflow(page);
  await shot(page, "phone-form");
  await sheet.getByRole("button", { name: "Cancel" }).click();

  for (const path of ["/tasks", "/settings/pipeline", "/settings/members", "/settings/api-keys", "/reports/funnel"]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    await noHorizontalOverflow(page);
  }
  await shot(page, "phone-settings");
});
