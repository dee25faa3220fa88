// The onefunnel object a page talks to: Segment's calls (page, identify,
// track, group, reset) plus consent, automatic page calls on load and on
// single-page-app navigation, and opt-in form capture.

import { context, pageInfo } from "./context";
import { captureForms } from "./forms";
import { allowed, optedOut } from "./privacy";
import { Queue, type Msg, type Transport } from "./queue";
import { kv } from "./store";
import { uuid } from "./uuid";

export interface Options {
  writeKey: string;
  transport: Transport;
  /** identify visitors by the email of every form they submit, not only forms marked data-onefunnel-capture */
  captureForms?: boolean;
  /** send nothing and keep no id until consent(true) */
  requireConsent?: boolean;
}

type Props = Record<string, unknown>;

export interface Tracker {
  page(name?: string | Props, properties?: Props): void;
  identify(userId?: string | Props, traits?: Props): void;
  track(event: string, properties?: Props): void;
  group(groupId: string, traits?: Props): void;
  reset(): void;
  consent(granted: boolean): void;
  /** flush sends what is queued now (tests and pages about to leave) */
  flush(): Promise<void>;
}

const AID = "of_aid";
const UID = "of_uid";
const CONSENT = "of_consent";
const MAX_PENDING = 100;

const noHash = (u: string) => u.split("#")[0]!;

export function createTracker(o: Options): Tracker {
  const store = kv();
  const queue = new Queue(o.writeKey, o.transport, store);
  let ok = allowed(store.get(CONSENT), !!o.requireConsent, optedOut());
  // calls made before consent wait here, in memory only, without ids
  let pending: Msg[] = [];
  let here = noHash(location.href);
  let referrer = document.referrer;

  const anonymousId = () => {
    let id = store.get(AID);
    if (!id) store.set(AID, (id = uuid()));
    return id;
  };

  // stamp gives a message its ids once the visitor allows tracking.
  const stamp = (m: Msg) => {
    m.anonymousId = anonymousId();
    if (m.type === "identify" && m.userId) store.set(UID, m.userId as string);
    m.userId ??= store.get(UID) ?? undefined;
    queue.push(m);
  };

  const send = (type: string, fields: Msg) => {
    const m: Msg = { type, messageId: uuid(), timestamp: new Date().toISOString(), context: context(pageInfo(referrer)), ...fields };
    if (ok) stamp(m);
    else if (pending.length < MAX_PENDING) pending.push(m);
  };

  const t: Tracker = {
    page(name, properties) {
      if (typeof name === "object") [name, properties] = [undefined, name];
      send("page", { name, properties: { ...pageInfo(referrer), ...properties } });
    },
    identify(userId, traits) {
      if (typeof userId === "object") [userId, traits] = [undefined, userId];
      send("identify", { userId: userId || undefined, traits: { ...traits } });
    },
    track(event, properties) {
      send("track", { event, properties: { ...properties } });
    },
    group(groupId, traits) {
      send("group", { groupId, traits: { ...traits } });
    },
    reset() {
      store.del(UID);
      store.del(AID);
    },
    consent(granted) {
      store.set(CONSENT, granted ? "1" : "0");
      ok = granted;
      if (granted) pending.forEach(stamp);
      else {
        queue.clear();
        t.reset();
      }
      pending = [];
    },
    flush: () => queue.flush(),
  };

  // Single-page apps change the URL with the History API; the page call waits
  // a tick so the app can set the new title first.
  const navigated = () => {
    const now = noHash(location.href);
    if (now === here) return;
    referrer = here;
    here = now;
    setTimeout(() => t.page(), 0);
  };
  for (const k of ["pushState", "replaceState"] as const) {
    const original = history[k];
    history[k] = function (this: History, ...args: Parameters<History["pushState"]>) {
      original.apply(this, args);
      navigated();
    };
  }
  addEventListener("popstate", navigated);
  addEventListener("pagehide", () => queue.beaconAll());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") queue.beaconAll();
  });
  captureForms(document, !!o.captureForms, (email) => {
    t.identify({ email });
    void queue.flush();
  });
  return t;
}
