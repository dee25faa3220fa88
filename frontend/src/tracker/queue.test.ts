import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BATCH, FLUSH_MS, MAX_ATTEMPTS, MAX_QUEUE, Queue, backoff, retryable, type Transport } from "./queue";
import { kv } from "./store";

// A transport that answers with the given statuses in turn (a thrown
// "network" is a failed connection) and records what it was sent.
function transport(...answers: (number | "network")[]) {
  const posts: { batch: { messageId: string }[]; writeKey: string; sentAt: string }[] = [];
  const beacons: string[] = [];
  const t: Transport & { beaconOK: boolean } = {
    beaconOK: true,
    post: async (body) => {
      posts.push(JSON.parse(body));
      const a = answers.shift() ?? 200;
      if (a === "network") throw new TypeError("Failed to fetch");
      return a;
    },
    beacon: (body) => {
      if (t.beaconOK) beacons.push(body);
      return t.beaconOK;
    },
  };
  return { t, posts, beacons };
}

const msg = (n: number) => ({ type: "track", event: `e${n}`, messageId: `m${n}` });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("backoff", () => {
  it("doubles from one second, with jitter, up to a minute", () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoff(2, () => 0)).toBe(1000); // jitter halves at most
    expect(backoff(20, () => 1)).toBe(60000);
  });
});

describe("retryable", () => {
  const cases: [number, boolean][] = [
    [500, true], [502, true], [503, true], [429, true], [408, true],
    [400, false], [401, false], [413, false], [200, false],
  ];
  for (const [status, want] of cases) it(`${status} → ${want}`, () => expect(retryable(status)).toBe(want));
});

describe("Queue", () => {
  it("sends a batch with the write key and sentAt after a short wait", async () => {
    const { t, posts } = transport();
    const q = new Queue("ofw_k", t, kv());
    q.push(msg(1));
    q.push(msg(2));
    expect(posts).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.writeKey).toBe("ofw_k");
    expect(posts[0]!.batch.map((m) => m.messageId)).toEqual(["m1", "m2"]);
    expect(Date.parse(posts[0]!.sentAt)).not.toBeNaN();
    expect(q.items).toEqual([]);
    expect(localStorage.getItem("of_q")).toBeNull();
  });

  it("sends at once when a batch is full, and the rest next", async () => {
    const { t, posts } = transport();
    const q = new Queue("k", t);
    for (let i = 0; i < BATCH + 3; i++) q.push(msg(i));
    await vi.advanceTimersByTimeAsync(1); // well before FLUSH_MS
    expect(posts.map((p) => p.batch.length)).toEqual([BATCH, 3]);
  });

  it("retries server errors and network failures with growing waits, then delivers", async () => {
    const { t, posts } = transport(503, "network", 200);
    const q = new Queue("k", t, undefined, () => 1);
    q.push(msg(1));
    await vi.advanceTimersByTimeAsync(FLUSH_MS);
    expect(posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(posts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(posts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(posts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(posts).toHaveLength(3);
    expect(posts.every((p) => p.batch[0]!.messageId === "m1")).toBe(true); // the same messageId: the server stores it once
    expect(q.items).toEqual([]);
  });

  it("gives a batch up after a bounded number of attempts", async () => {
    const { t, posts } = transport(...Array<number>(MAX_ATTEMPTS + 5).fill(500));
    const q = new Queue("k", t);
    q.push(msg(1));
    await vi.runAllTimersAsync();
    expect(posts).toHaveLength(MAX_ATTEMPTS);
    expect(q.items).toEqual([]);
  });

  it("drops a batch the server rejects as invalid: a retry would fail the same way", async () => {
    const { t, posts } = transport(400);
    const q = new Queue("k", t);
    q.push(msg(1));
    await vi.runAllTimersAsync();
    expect(posts).toHaveLength(1);
    expect(q.items).toEqual([]);
  });

  it("keeps unsent messages in storage for the next page, bounded", async () => {
    const { t } = transport("network");
    const q = new Queue("k", t, kv());
    for (let i = 0; i < MAX_QUEUE + 10; i++) q.push(msg(i));
    const saved = JSON.parse(localStorage.getItem("of_q")!);
    expect(saved).toHaveLength(MAX_QUEUE);
    expect(saved[0].messageId).toBe("m10"); // the oldest go first

    const next = transport();
    new Queue("k", next.t, kv());
    await vi.advanceTimersByTimeAsync(0);
    expect(next.posts[0]!.batch).toHaveLength(BATCH);
    expect(next.posts[0]!.batch[0]!.messageId).toBe("m10");
  });

  it("ignores a corrupt saved queue", () => {
    localStorage.setItem("of_q", "{not json");
    expect(new Queue("k", transport().t, kv()).items).toEqual([]);
  });

  it("hands everything to sendBeacon when the page goes, in chunks under 64 KiB", () => {
    const { t, beacons } = transport();
    const q = new Queue("k", t, kv());
    const big = "x".repeat(20000);
    for (let i = 0; i < 5; i++) q.push({ ...msg(i), properties: { big } });
    q.beaconAll();
    expect(beacons.length).toBe(3); // two 20 KB messages to a beacon
    expect(beacons.every((b) => b.length < 64 * 1024)).toBe(true);
    expect(beacons.flatMap((b) => JSON.parse(b).batch.map((m: { messageId: string }) => m.messageId))).toEqual(["m0", "m1", "m2", "m3", "m4"]);
    expect(JSON.parse(beacons[0]!).writeKey).toBe("k");
    expect(q.items).toEqual([]);
    expect(localStorage.getItem("of_q")).toBeNull();
  });

  it("keeps what the browser refuses to beacon", () => {
    const { t } = transport();
    t.beaconOK = false;
    const q = new Queue("k", t, kv());
    q.push(msg(1));
    q.beaconAll();
    expect(q.items).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem("of_q")!)).toHaveLength(1);
  });
});
