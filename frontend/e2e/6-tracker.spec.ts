import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { post, signup } from "./helpers";

// A customer's site on another origin (a second server on 127.0.0.1) loads
// t.js from OneFunnel with the one-line snippet: the events a visitor makes —
// a call queued before the script loaded, the landing page, a single-page-app
// navigation, a form with an email — arrive through CORS and are stored.

let site: Server;
let siteURL = "";
let siteKey = ""; // the write key the site's pages embed

function pageHTML(onefunnel: string, key: string, body: string) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Acme shop</title>
<script>window.onefunnel = window.onefunnel || []; window.onefunnel.push(["track", "Early Call", {from: "stub"}]);</script>
<script async src="${onefunnel}/t.js" data-write-key="${key}"></script></head><body>${body}</body></html>`;
}

const landing = `<h1>Welcome</h1>
<a id="pricing" href="/pricing">Pricing</a>
<form data-onefunnel-capture action="/thanks" method="post">
  <label>Email <input type="email" name="email"></label>
  <label>Password <input type="password" name="password"></label>
  <button>Sign up</button>
</form>
<script>
  document.getElementById("pricing").addEventListener("click", (e) => {
    e.preventDefault();
    history.pushState(null, "", "/pricing");
    document.title = "Pricing";
  });
</script>`;

test.beforeAll(async () => {
  const onefunnel = test.info().project.use.baseURL!;
  site = createServer((req, res) => {
    req.resume(); // the form's POST body: a real site would read it, this one only answers
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(pageHTML(onefunnel, siteKey, req.url?.startsWith("/thanks") ? "<h1>Thanks</h1>" : landing));
  });
  await new Promise<void>((done) => site.listen(0, "127.0.0.1", done));
  siteURL = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((done) => site.close(() => done())));

test("t.js on another origin sends page views, SPA navigations, queued calls and form identifies", async ({ page, request }) => {
  const w = await signup(request, "Tracker Co");
  const { key } = await post<{ key: string }>(request, w, "/api/v1/write-keys", { name: "Acme shop" });

  // t.js itself: any site may load it, and it caches briefly.
  const js = await request.get("/t.js");
  expect(js.status()).toBe(200);
  expect(js.headers()["access-control-allow-origin"]).toBe("*");
  expect(js.headers()["cache-control"]).toBe("public, max-age=300");

  const bodies: string[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/v1/batch")) bodies.push(r.postData() ?? "");
  });
  const accepted = page.waitForResponse((r) => r.url().endsWith("/v1/batch") && r.request().method() === "POST");
  siteKey = key;
  await page.goto(`${siteURL}/?utm_source=newsletter&utm_medium=email&utm_campaign=spring&gclid=abc123`);
  const first = await accepted;
  expect(first.status()).toBe(200);
  expect(first.headers()["access-control-allow-origin"]).toBe(siteURL); // the site can read the answer: CORS works

  const anonymousId = await page.evaluate(() => localStorage.getItem("of_aid"));
  expect(anonymousId).toMatch(/^[0-9a-f-]{36}$/);
  // Delivered batches leave the queue: the page saw the server's 200 through CORS.
  await expect.poll(() => page.evaluate(() => localStorage.getItem("of_q"))).toBeNull();

  await page.getByRole("link", { name: "Pricing" }).click();
  await expect(page).toHaveURL(/\/pricing$/);
  await page.getByLabel("Email").fill("ada@acme.example");
  await page.getByLabel("Password").fill("hunter2-secret");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Thanks" })).toBeVisible();

  const events = async () => {
    const r = await request.get(`/api/v1/events?limit=50&anonymous_id=${anonymousId}`, { headers: { Authorization: `Bearer ${w.token}` } });
    expect(r.status()).toBe(200);
    const data: { type: string; event: string }[] = (await r.json()).data;
    return data.map((e) => `${e.type}${e.event ? ":" + e.event : ""}`).sort();
  };
  // landing + SPA navigation + thanks page; the stub's call on both full loads; the form's identify
  await expect.poll(events).toEqual(["identify", "page", "page", "page", "track:Early Call", "track:Early Call"].sort());

  const sent = bodies.join("\n");
  expect(sent).toContain('"email":"ada@acme.example"');
  expect(sent).toContain('"campaign":{"source":"newsletter","medium":"email","name":"spring"}');
  expect(sent).toContain('"clickIds":{"gclid":"abc123"}');
  expect(sent).toContain('"path":"/pricing"');
  expect(sent).not.toContain("hunter2-secret");
});

test("t.js sends nothing under Global Privacy Control", async ({ page, request }) => {
  const w = await signup(request, "Private Co");
  const { key } = await post<{ key: string }>(request, w, "/api/v1/write-keys", { name: "Site" });
  await page.addInitScript(() => Object.defineProperty(navigator, "globalPrivacyControl", { value: true }));
  let batches = 0;
  page.on("request", (r) => {
    if (r.url().endsWith("/v1/batch")) batches++;
  });
  siteKey = key;
  await page.goto(siteURL);
  await expect.poll(() => page.evaluate(() => typeof (window as { onefunnel?: { track?: unknown } }).onefunnel?.track)).toBe("function");
  await page.evaluate(() => (window as unknown as { onefunnel: { flush(): Promise<void> } }).onefunnel.flush());
  expect(batches).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem("of_aid"))).toBeNull();
  const r = await request.get("/api/v1/events", { headers: { Authorization: `Bearer ${w.token}` } });
  expect((await r.json()).data).toEqual([]);
});
