import { expect, test } from "@playwright/test";
import { Analytics } from "@segment/analytics-node";
import { post, signup } from "./helpers";

// Segment's own Node.js library, pointed at OneFunnel and otherwise unchanged,
// delivers every call type (it sends batches with the write key as Basic user).
test("Segment's Node library sends to OneFunnel unchanged", async ({ request }) => {
  const w = await signup(request, "Node SDK");
  const { key } = await post<{ key: string }>(request, w, "/api/v1/write-keys", { name: "backend" });
  const analytics = new Analytics({ writeKey: key, host: test.info().project.use.baseURL!, maxEventsInBatch: 3, flushInterval: 100 });
  const errors: unknown[] = [];
  analytics.on("error", (e) => errors.push(e));

  analytics.identify({ userId: "u-7", traits: { email: "ann@globex.example" } });
  analytics.track({ userId: "u-7", event: "Webinar Attended", properties: { webinar: "Q3 roadmap" } });
  analytics.page({ anonymousId: "anon-7", name: "Home", properties: { url: "https://globex.example/?utm_source=newsletter&utm_medium=email" } });
  analytics.group({ userId: "u-7", groupId: "globex", traits: { name: "Globex" } });
  analytics.alias({ userId: "u-7", previousId: "anon-7" });
  await analytics.closeAndFlush({ timeout: 10_000 });
  expect(errors).toEqual([]);

  const r = await request.get("/api/v1/events?limit=50", { headers: { Authorization: `Bearer ${w.token}` } });
  expect(r.status()).toBe(200);
  const events = (await r.json()).data as { type: string; event: string; user_id: string }[];
  expect(events.map((e) => e.type).sort()).toEqual(["alias", "group", "identify", "page", "track"]);
  expect(events.find((e) => e.type === "track")).toMatchObject({ event: "Webinar Attended", user_id: "u-7" });
});
