import { expect, test } from "@playwright/test";
import { column, login, post, shot, signup } from "./helpers";

test("settings: stages, invites and API keys; my tasks shows what is overdue", async ({ page, request }) => {
  const w = await signup(request, "Settings Co");
  const p = await post<{ id: string }>(request, w, "/api/v1/prospects", { title: "Renewal 2026", amount: 990000, currency: "GBP" });
  const yesterday = new Date(Date.now() - 86_400_000).toISOString();
  const nextWeek = new Date(Date.now() + 3 * 86_400_000).toISOString();
  await post(request, w, "/api/v1/activities", { type: "task", subject: "Send the contract", due_at: yesterday, prospect_id: p.id });
  await post(request, w, "/api/v1/activities", { type: "task", subject: "Book the kick-off", due_at: nextWeek, prospect_id: p.id });
  await login(page, w.email);

  await page.getByRole("link", { name: "My tasks" }).click();
  const overdue = page.getByRole("region", { name: "Overdue" });
  await expect(overdue).toContainText("Send the contract");
  await expect(overdue.getByRole("link", { name: "Renewal 2026" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Next 7 days" })).toContainText("Book the kick-off");
  await shot(page, "tasks");
  // click(), not check(): check() reads the box again after the click, and
  // the row may already have left the Overdue list by then.
  await overdue.getByRole("checkbox", { name: "Mark as done" }).click();
  await expect(page.getByRole("region", { name: "Overdue" })).toHaveCount(0);

  // Pipeline: rename a stage, add one; the board follows.
  await page.goto("/settings/pipeline");
  const first = page.getByLabel("Name of stage 1", { exact: true });
  await first.fill("New lead");
  await first.press("Enter");
  await page.getByLabel("New stage").fill("Demo booked");
  await page.getByLabel("Phase").selectOption("opportunity");
  await page.getByRole("button", { name: "Add stage" }).click();
  await expect(page.getByTestId("stage-row")).toHaveCount(13);
  await shot(page, "settings-pipeline");
  await page.getByRole("link", { name: "Board" }).first().click();
  await expect(column(page, "New lead").getByTestId("prospect-card")).toHaveCount(1);
  await expect(column(page, "Demo booked")).toBeVisible();

  // Invites: the link is shown once.
  await page.goto("/settings/members");
  await page.getByLabel("Email").fill("bob@settings.test");
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Create invite" }).click();
  await expect(page.getByTestId("secret")).toContainText("/accept-invite?token=");
  await expect(page.getByText("bob@settings.test")).toBeVisible();
  await shot(page, "settings-members");

  // API keys: shown once, listed by prefix, revocable.
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill("Warehouse sync");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = await page.getByTestId("secret").textContent();
  expect(secret).toMatch(/^ofk_/);
  const row = page.getByTestId("api-key-row").filter({ hasText: "Warehouse sync" });
  await expect(row).toBeVisible();
  expect(await row.textContent()).not.toContain(secret!);
  const ok = await request.get("/api/v1/stages", { headers: { Authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  await shot(page, "settings-api-keys");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toHaveCount(0);
  const revoked = await request.get("/api/v1/stages", { headers: { Authorization: `Bearer ${secret}` } });
  expect(revoked.status()).toBe(401);

  await page.goto("/settings/profile");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Owner of Settings Co");
  await shot(page, "settings-profile");
});
