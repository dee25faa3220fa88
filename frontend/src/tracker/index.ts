// t.js: loaded by a site with
//   <script async src="https://YOUR-ONEFUNNEL/t.js" data-write-key="ofw_…"></script>
// It sends to the server it was loaded from. Calls a page made before it
// loaded, on the snippet's queue stub (an array of [method, ...args] with an
// optional options object), are replayed in order; then the page is counted.

import { createTracker, type Tracker } from "./tracker";

type Stub = unknown[][] & { options?: { captureForms?: boolean; requireConsent?: boolean } };
declare global {
  interface Window {
    onefunnel?: Tracker | Stub;
  }
}

const script = (document.currentScript ?? document.querySelector("script[data-write-key]")) as HTMLScriptElement | null;
const writeKey = script?.dataset.writeKey;
const stub = window.onefunnel;

if (script && writeKey && (!stub || Array.isArray(stub))) {
  const url = new URL("/v1/batch", script.src).href;
  const t = createTracker({
    writeKey,
    // text/plain keeps the request "simple": no CORS preflight before each batch
    transport: {
      post: (body) => fetch(url, { method: "POST", body, headers: { "Content-Type": "text/plain" }, credentials: "omit", keepalive: body.length < 60000 }).then((r) => r.status),
      beacon: (body) => !!navigator.sendBeacon?.(url, body),
    },
    captureForms: stub?.options?.captureForms || script.hasAttribute("data-capture-forms"),
    requireConsent: stub?.options?.requireConsent || script.hasAttribute("data-require-consent"),
  });
  window.onefunnel = t;
  for (const [method, ...args] of stub ?? []) {
    const fn = t[method as keyof Tracker] as ((...a: unknown[]) => void) | undefined;
    if (typeof fn === "function") fn(...args);
  }
  t.page();
}
