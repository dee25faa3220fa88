// The send queue: messages wait here, are posted in batches, retried with
// exponential backoff while the server or the network fails, kept in
// storage so a page change does not lose them, and handed to sendBeacon when
// the page is hidden. Every message has a messageId and the server stores a
// messageId once, so sending one twice (a retry after a lost answer, a beacon
// during a post) is harmless; losing one is not.

import type { KV } from "./store";

export type Msg = Record<string, unknown>;

/** post sends a body and resolves to the HTTP status (rejects on network
 * errors); beacon hands a body to the browser and says whether it took it. */
export interface Transport {
  post(body: string): Promise<number>;
  beacon(body: string): boolean;
}

const KEY = "of_q";
export const MAX_QUEUE = 200; // oldest dropped past this: a dead server must not fill the visitor's storage
export const BATCH = 50;
export const FLUSH_MS = 500;
export const MAX_ATTEMPTS = 8;
const BEACON_BYTES = 60000; // browsers cap a beacon (and keepalive fetches) at 64 KiB

/** backoff is the wait before retry n (1, 2, …): doubling from 1 s, capped
 * at 60 s, with jitter so many visitors' retries do not arrive together. */
export function backoff(n: number, random = Math.random): number {
  return Math.min(1000 * 2 ** (n - 1), 60000) * (0.5 + random() / 2);
}

/** retryable says whether a status is worth trying again: server errors,
 * timeouts and rate limits. Other 4xx answers would fail the same way. */
export function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export class Queue {
  items: Msg[] = [];
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private busy = false;

  constructor(
    private writeKey: string,
    private transport: Transport,
    private kv?: KV,
    private random = Math.random,
  ) {
    try {
      const saved = JSON.parse(kv?.get(KEY) ?? "[]");
      if (Array.isArray(saved)) this.items = saved.slice(-MAX_QUEUE);
    } catch {
      // a corrupt saved queue is dropped, not fatal
    }
    if (this.items.length) this.schedule(0);
  }

  push(m: Msg) {
    this.items.push(m);
    if (this.items.length > MAX_QUEUE) this.items.splice(0, this.items.length - MAX_QUEUE);
    this.save();
    if (!this.attempts) this.schedule(this.items.length >= BATCH ? 0 : FLUSH_MS);
  }

  /** flush posts one batch; on success it goes on with the rest. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy || !this.items.length) return;
    this.busy = true;
    const batch = this.items.slice(0, BATCH);
    let retry = false;
    try {
      retry = retryable(await this.transport.post(this.body(batch)));
    } catch {
      retry = true;
    }
    this.busy = false;
    if (retry && ++this.attempts < MAX_ATTEMPTS) {
      this.schedule(backoff(this.attempts, this.random));
      return;
    }
    this.attempts = 0;
    this.items = this.items.filter((m) => !batch.includes(m));
    this.save();
    if (this.items.length) this.schedule(0);
  }

  /** beaconAll hands everything queued to sendBeacon, in chunks it accepts;
   * what the browser refuses stays queued (and saved) for the next page. */
  beaconAll() {
    let chunk: Msg[] = [];
    const send = () => {
      if (chunk.length && this.transport.beacon(this.body(chunk))) this.items = this.items.filter((m) => !chunk.includes(m));
      chunk = [];
    };
    for (const m of [...this.items]) {
      if (chunk.length && this.body([...chunk, m]).length > BEACON_BYTES) send();
      chunk.push(m);
    }
    send();
    this.save();
  }

  clear() {
    clearTimeout(this.timer);
    this.items = [];
    this.attempts = 0;
    this.kv?.del(KEY);
  }

  body(batch: Msg[]): string {
    return JSON.stringify({ batch, writeKey: this.writeKey, sentAt: new Date().toISOString() });
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  private save() {
    try {
      if (this.items.length) this.kv?.set(KEY, JSON.stringify(this.items));
      else this.kv?.del(KEY);
    } catch {
      // storage full: the queue still lives in memory
    }
  }
}
