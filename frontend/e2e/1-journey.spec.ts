import { expect, test } from "@playwright/test";
import { centre, column, drag, PASSWORD, shot } from "./helpers";

// The first hour of a new team: set up, add an account, a contact and a deal,
// move the deal on the board, see it on the timeline, and find it all after a reload.
test("first run → records → drag to the next stage → timeline → reload keeps it", async ({ page }) => {
  const email = "ann@acme.test";
  // The app runs under the server's strict CSP: nothing may be refused.
  const refused: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text())) refused.push(m.text());
  });

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up OneFunnel" })).toBeVisible();
  await shot(page, "setup");

  // The API's field errors land on the fields.
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.locator("[data-field-error]").first()).toBeVisible();

  await page.getByLabel("Workspace name").fill("Acme Inc.");
  await page.getByLabel("Your name").fill("Ann Owner");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByText("Your pipeline is empty")).toBeVisible();
  await shot(page, "board-empty");

  // An account, with its form's error mapping first.
  await page.getByRole("link", { name: "Accounts" }).first().click();
  await expect(page.getByText("No accounts yet")).toBeVisible();
  await page.getByRole("button", { name: "New account" }).first().click();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("dialog").getByText("This field is required.")).toBeVisible();
  await page.getByLabel("Company name").fill("Globex");
  await page.getByLabel("Domain").fill("globex.com");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("record-title")).toHaveText("Globex");

  // A contact at the account.
  await page.getByRole("button", { name: "+ Add" }).nth(1).click();
  await page.getByLabel("First name").fill("Hank");
  await page.getByLabel("Last name").fill("Scorpio");
  await page.getByLabel("Email").fill("hank@globex.com");
  await page.getByRole("button", { name: "Create contact" }).click();
  await expect(page.getByRole("link", { name: "Hank Scorpio" })).toBeVisible();

  // A prospect for the account, with the contact.
  await page.getByRole("button", { name: "New prospect" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Title").fill("Globex platform deal");
  await dialog.getByRole("combobox", { name: "Contact" }).fill("Hank");
  await dialog.getByRole("option", { name: /Hank Scorpio/ }).click();
  await dialog.getByLabel("Value").fill("12500");
  await dialog.getByRole("button", { name: "Create prospect" }).click();
  await expect(page.getByRole("link", { name: "Globex platform deal" })).toBeVisible();
  await shot(page, "account");

  // The board: the card is in Lead; drag it to Engaged.
  await page.getByRole("link", { name: "Board" }).first().click();
  const card = page.getByTestId("prospect-card").filter({ hasText: "Globex platform deal" });
  await expect(column(page, "Lead").getByTestId("prospect-card")).toHaveCount(1);
  await expect(card).toContainText("Globex");
  await expect(card).toContainText("12,500");
  await expect(column(page, "Lead").getByTestId("column-total")).toContainText("12.5K");
  await shot(page, "board");

  const saved = page.waitForResponse((r) => r.url().includes("/stage-changes") && r.request().method() === "POST");
  await drag(page, await centre(page, card), await centre(page, column(page, "Engaged")));
  expect((await saved).status()).toBe(201);
  await expect(column(page, "Engaged").getByTestId("prospect-card")).toHaveCount(1);
  await expect(column(page, "Lead").getByTestId("prospect-card")).toHaveCount(0);
  await expect(column(page, "Engaged").getByTestId("column-count")).toHaveText("1");

  // The keyboard moves a card too: Space lifts, → moves a column, Space drops;
  // the live region tells a screen-reader user (and this test) each step.
  const announce = page.locator('[id^="DndLiveRegion"]');
  const moved = page.waitForResponse((r) => r.url().includes("/stage-changes") && r.request().method() === "POST");
  await column(page, "Engaged").getByTestId("prospect-card").focus();
  await page.keyboard.press("Space");
  await expect(announce).toHaveText(/^(Picked up Globex platform deal|Over Engaged)\.$/);
  await page.keyboard.press("ArrowRight");
  await expect(announce).toHaveText("Over Qualified.");
  await page.keyboard.press("Space");
  expect((await moved).status()).toBe(201);
  await expect(column(page, "Qualified").getByTestId("prospect-card")).toHaveCount(1);

  // The record's timeline shows both moves, newest first.
  await column(page, "Qualified").getByTestId("prospect-card").click();
  await expect(page.getByTestId("record-title")).toHaveText("Globex platform deal");
  const changes = page.getByTestId("timeline-stage-change");
  await expect(changes.first()).toContainText("from Engaged to Qualified");
  await expect(changes.nth(1)).toContainText("from Lead to Engaged");

  // Fields edit in place; the API's refusal shows on the field.
  await page.getByRole("button", { name: "Edit Value" }).click();
  await page.getByRole("textbox", { name: "Value" }).fill("15000");
  await page.getByRole("textbox", { name: "Value" }).press("Enter");
  await expect(page.getByRole("button", { name: "Edit Value" })).toHaveText("€15,000.00");
  await page.getByRole("button", { name: "Edit Currency" }).click();
  await page.getByRole("textbox", { name: "Currency" }).fill("EURO");
  await page.getByRole("textbox", { name: "Currency" }).press("Enter");
  await expect(page.locator("[data-field-error]")).toHaveText("Too long: at most 3 characters.");
  await page.getByRole("textbox", { name: "Currency" }).press("Escape");
  await expect(page.getByRole("button", { name: "Edit Currency" })).toHaveText("EUR");

  // Log a call from the composer.
  await page.getByRole("tab", { name: "Call" }).click();
  await page.getByLabel("Subject").fill("Kick-off call");
  await page.getByLabel("Description").fill("Budget confirmed.");
  await page.getByRole("button", { name: "Save call" }).click();
  await expect(page.getByTestId("timeline-activity").first()).toContainText("Kick-off call");
  await shot(page, "prospect");

  // A reload keeps the session, the stage and the history.
  await page.reload();
  await expect(page.getByTestId("record-title")).toHaveText("Globex platform deal");
  await expect(page.getByTestId("timeline-stage-change").first()).toContainText("from Engaged to Qualified");
  await page.goto("/board");
  await expect(column(page, "Qualified").getByTestId("prospect-card")).toHaveCount(1);

  await page.getByRole("link", { name: "Contacts" }).first().click();
  await expect(page.getByRole("link", { name: "Hank Scorpio" })).toBeVisible();
  await shot(page, "contacts");
  await page.getByRole("link", { name: "Hank Scorpio" }).click();
  await expect(page.getByTestId("timeline-stage-change")).toHaveCount(3);
  await shot(page, "contact");
  await page.getByRole("link", { name: "Prospects" }).first().click();
  await expect(page.getByRole("link", { name: "Globex platform deal" })).toBeVisible();
  await shot(page, "prospects");

  // Sign out, and back in.
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
  await shot(page, "login");
  await page.goto("/board");
  await expect(page).toHaveURL(/\/login\?next=%2Fboard/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(column(page, "Qualified").getByTestId("prospect-card")).toHaveCount(1);
  expect(refused).toEqual([]);
});
