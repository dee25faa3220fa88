import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { resolve } from "node:path";

export const PASSWORD = "correct horse battery staple";

/** shot saves a screenshot of a main screen under test-results/screens. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: resolve(import.meta.dirname, "../test-results/screens", `${name}.png`), fullPage: false });
}

export interface Workspace {
  email: string;
  token: string;
}

let n = 0;

/** signup creates a workspace through the API (the server allows open sign-up). */
export async function signup(request: APIRequestContext, name: string): Promise<Workspace> {
  const email = `owner${Date.now()}${n++}@${name.toLowerCase().replace(/\W/g, "")}.test`;
  const r = await request.post("/api/v1/auth/signup", { data: { workspace_name: name, name: `Owner of ${name}`, email, password: PASSWORD } });
  expect(r.status(), await r.text()).toBe(201);
  return { email, token: (await r.json()).access_token };
}

export async function post<T = Record<string, unknown>>(request: APIRequestContext, w: Workspace, path: string, data: object): Promise<T> {
  const r = await request.post(path, { data, headers: { Authorization: `Bearer ${w.token}` } });
  expect(r.status(), await r.text()).toBe(201);
  return r.json();
}

export async function stages(request: APIRequestContext, w: Workspace): Promise<{ id: string; name: string; phase: string }[]> {
  const r = await request.get("/api/v1/stages", { headers: { Authorization: `Bearer ${w.token}` } });
  return (await r.json()).data;
}

/** login signs in through the login page, as a person does. */
export async function login(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/board$/);
}

export function column(page: Page, stageName: string) {
  return page.getByTestId("board-column").filter({ has: page.getByRole("heading", { name: stageName, exact: true }) });
}

/** drag moves the pointer in steps so the drag-and-drop sensor sees a real drag. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 10, from.y + 5, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

export async function centre(page: Page, locator: ReturnType<Page["locator"]>) {
  const b = await locator.boundingBox();
  if (!b) throw new Error("element has no box");
  return { x: b.x + b.width / 2, y: b.y + Math.min(b.height / 2, 60) };
}
