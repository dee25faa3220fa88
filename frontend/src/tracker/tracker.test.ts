import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTracker, type Options } from "./tracker";

type Sent = Record<string, any>;

// start makes a tracker whose posts are recorded; sent() flushes and returns
// every message posted so far.
function start(o: Partial<Options> = {}) {
  const posted: Sent[] = [];
  const t = createTracker({
    writeKey: "ofw_test",
    transport: {
      post: async (body) => {
        posted.push(...JSON.parse(body).batch);
        return 200;
      },
      beacon: () => false,
    },
    ...o,
  });
  const sent = async () => {
    await t.flush();
    return posted;
  };
  return { t, sent };
}

function setSignal(name: "doNotTrack" | "globalPrivacyControl", value: unknown) {
  Object.defineProperty(navigator, name, { value, configurable: true });
}

beforeEach(() => {
  vi.useFakeTimers();
  history.replaceState(null, "", "/landing?utm_source=newsletter&utm_campaign=spring&gclid=g1");
  document.title = "Landing";
});
afterEach(() => {
  vi.useRealTimers();
  setSignal("doNotTrack", null);
  setSignal("globalPrivacyControl", undefined);
  document.cookie.split("; ").forEach((c) => (document.cookie = `${c.split("=")[0]}=; Max-Age=0; Path=/`));
});

describe("tracker", () => {
  it("sends a page call with Segment's context and a first-party anonymous id", async () => {
    const { t, sent } = start();
    t.page();
    const [m] = await sent();
    expect(m).toMatchObject({
      type: "page",
      properties: { path: "/landing", title: "Landing", search: "?utm_source=newsletter&utm_campaign=spring&gclid=g1" },
      context: {
        page: { url: "http://localhost:3000/landing?utm_source=newsletter&utm_campaign=spring&gclid=g1", path: "/landing", title: "Landing" },
        campaign: { source: "newsletter", name: "spring" },
        clickIds: { gclid: "g1" },
        library: { name: "onefunnel.js" },
        locale: navigator.language,
        userAgent: navigator.userAgent,
        screen: { width: expect.any(Number), height: expect.any(Number) },
      },
    });
    expect(m!.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(m!.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(localStorage.getItem("of_aid")).toBe(m!.anonymousId);
    expect(Date.parse(m!.timestamp)).not.toBeNaN();
  });

  it("keeps the anonymous id across pages, and carries the user id after identify until reset", async () => {
    const first = start();
    first.t.identify("u1", { plan: "pro" });
    first.t.track("Signed Up", { source: "hero" });
    const a = await first.sent();
    const second = start(); // the next page

    second.t.track("Clicked");
    second.t.reset();
    second.t.track("After Reset");
    const b = await second.sent();
    expect(a.map((m) => [m.type, m.userId, m.event])).toEqual([
      ["identify", "u1", undefined],
      ["track", "u1", "Signed Up"],
    ]);
    expect(a[0]!.traits).toEqual({ plan: "pro" });
    expect(b[0]).toMatchObject({ event: "Clicked", userId: "u1", anonymousId: a[0]!.anonymousId });
    expect(b[1]!.userId).toBeUndefined();
    expect(b[1]!.anonymousId).not.toBe(a[0]!.anonymousId);
  });

  it("identify with traits only, group, and page with a name", async () => {
    const { t, sent } = start();
    t.identify({ email: "ada@example.com" });
    t.group("acme", { name: "Acme" });
    t.page("Pricing", { plan: "team" });
    const [i, g, p] = await sent();
    expect(i).toMatchObject({ type: "identify", traits: { email: "ada@example.com" } });
    expect(i!.userId).toBeUndefined();
    expect(g).toMatchObject({ type: "group", groupId: "acme", traits: { name: "Acme" } });
    expect(p).toMatchObject({ type: "page", name: "Pricing", properties: { plan: "team", path: "/landing" } });
  });

  it("falls back to a first-party cookie without localStorage", async () => {
    const spy = vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
      throw new DOMException("denied", "SecurityError");
    });
    const { t, sent } = start();
    t.track("x");
    const [m] = await sent();
    spy.mockRestore();
    expect(document.cookie).toContain(`of_aid=${m!.anonymousId}`);
  });

  it("counts single-page-app navigations once, with the previous page as referrer", async () => {
    const { sent } = start();
    history.pushState(null, "", "/pricing");
    document.title = "Pricing";
    history.replaceState(null, "", "/pricing"); // the same URL: not a new page
    history.pushState(null, "", "/pricing#faq"); // a hash: not a new page
    await vi.advanceTimersByTimeAsync(0);
    history.pushState(null, "", "/docs");
    history.back();
    await vi.advanceTimersByTimeAsync(0);
    const pages = (await sent()).filter((m) => m.type === "page");
    expect(pages[0]!.context.page).toMatchObject({ path: "/pricing", title: "Pricing", referrer: "http://localhost:3000/landing?utm_source=newsletter&utm_campaign=spring&gclid=g1" });
    expect(pages[0]!.context.campaign).toBeUndefined(); // the tags belong to the landing page
    expect(pages[1]!.context.page).toMatchObject({ path: "/docs", referrer: "http://localhost:3000/pricing" });
  });

  describe("privacy", () => {
    it("sends nothing and keeps no id under Do-Not-Track", async () => {
      setSignal("doNotTrack", "1");
      const { t, sent } = start();
      t.page();
      t.identify("u1");
      expect(await sent()).toEqual([]);
      expect(localStorage.length).toBe(0);
    });

    it("sends nothing under Global Privacy Control until the visitor consents on this site", async () => {
      setSignal("globalPrivacyControl", true);
      const { t, sent } = start();
      t.page();
      expect(await sent()).toEqual([]);
      t.consent(true);
      expect((await sent()).map((m) => m.type)).toEqual(["page"]);
    });

    it("with data-require-consent waits for consent(true), then sends what was called before", async () => {
      const { t, sent } = start({ requireConsent: true });
      t.page();
      t.identify("u1");
      t.track("Viewed");
      expect(await sent()).toEqual([]);
      expect(localStorage.getItem("of_aid")).toBeNull();
      t.consent(true);
      const got = await sent();
      expect(got.map((m) => m.type)).toEqual(["page", "identify", "track"]);
      expect(got[2]!.userId).toBe("u1");
      expect(new Set(got.map((m) => m.anonymousId)).size).toBe(1);
      // the consent is remembered on the next page
      const next = start({ requireConsent: true });
      next.t.track("Again");
      expect((await next.sent()).map((m) => m.event)).toEqual(["Again"]);
    });

    it("consent(false) stops sending, drops the queue and forgets the ids", async () => {
      const { t, sent } = start();
      t.identify("u1");
      t.consent(false);
      t.track("After");
      expect(await sent()).toEqual([]);
      expect(localStorage.getItem("of_aid")).toBeNull();
      expect(localStorage.getItem("of_uid")).toBeNull();
      expect(localStorage.getItem("of_q")).toBeNull();
      const next = start();
      next.t.page();
      expect(await next.sent()).toEqual([]); // the refusal is remembered
    });
  });

  it("identifies by the email of a captured form, never reading its password", async () => {
    const { sent } = start();
    document.body.innerHTML = `<form data-onefunnel-capture><input type="email" name="email" value="ada@example.com"><input type="password" name="password" value="hunter2"></form>`;
    const form = document.forms[0]!;
    form.addEventListener("submit", (e) => e.preventDefault());
    form.requestSubmit();
    const got = await sent();
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ type: "identify", traits: { email: "ada@example.com" } });
    expect(JSON.stringify(got)).not.toContain("hunter2");
  });
});
