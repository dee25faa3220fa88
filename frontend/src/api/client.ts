import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { ApiError, isProblem } from "./problem";
import { getSession, rereadSession, sessionFromTokens, setSession, type Session } from "./session";
import type { Page } from "./types";

/**
 * The one API client. Every call goes through the public REST API described by
 * api/openapi.yaml; types come from the generated schema.d.ts.
 */
// Absolute URLs (the page's own origin) and fetch looked up per call, so the
// same client runs in the browser and in tests that stub fetch.
const options = { baseUrl: globalThis.location?.origin ?? "", fetch: (r: Request) => globalThis.fetch(r) };
export const api = createClient<paths>(options);

/** A client without the auth middleware, for login and refresh themselves. */
export const publicApi = createClient<paths>(options);

const REFRESH_MARGIN_MS = 30_000;
let inflight: Promise<Session | null> | null = null;

async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  // Refresh tokens are single-use: two tabs refreshing at once would look like a
  // replay and revoke the login. A Web Lock serialises them across tabs.
  if (typeof navigator !== "undefined" && navigator.locks) {
    return navigator.locks.request("onefunnel-refresh", fn);
  }
  return fn();
}

/**
 * refreshSession rotates the refresh token once, however many requests ask at
 * the same time. It answers the new session, or null when the login is over.
 */
export function refreshSession(): Promise<Session | null> {
  const seen = getSession()?.refreshToken;
  inflight ??= withRefreshLock(async () => {
    const s = rereadSession();
    if (!s) return null;
    if (s.refreshToken !== seen && s.expiresAt - Date.now() > REFRESH_MARGIN_MS) return s; // another tab did it
    const { data, response } = await publicApi.POST("/api/v1/auth/refresh", { body: { refresh_token: s.refreshToken } });
    if (data) {
      const next = sessionFromTokens(data);
      setSession(next);
      return next;
    }
    if (response.status >= 400 && response.status < 500) setSession(null);
    return null;
  }).finally(() => {
    inflight = null;
  });
  return inflight;
}

const retries = new WeakMap<Request, Request>();

/** freshSession is the session, refreshed first when its access token is about to expire. */
async function freshSession(): Promise<Session | null> {
  const s = getSession();
  if (s && s.expiresAt - Date.now() < REFRESH_MARGIN_MS) return refreshSession();
  return s;
}

const auth: Middleware = {
  async onRequest({ request }) {
    const s = await freshSession();
    if (s) request.headers.set("Authorization", `Bearer ${s.accessToken}`);
    retries.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const again = retries.get(request);
    retries.delete(request);
    // An access token can expire or be revoked between the check above and the server.
    if (response.status !== 401 || !again || !getSession()) return response;
    const s = await refreshSession();
    if (!s) return response;
    again.headers.set("Authorization", `Bearer ${s.accessToken}`);
    return globalThis.fetch(again);
  },
};
api.use(auth);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** unwrap returns the body of a 2xx answer or throws an ApiError with the problem. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let r: Result<T>;
  try {
    r = await call;
  } catch {
    throw networkError();
  }
  if (r.response.ok) return r.data as T;
  throw answerError(r.response, r.error);
}

function networkError(): ApiError {
  return new ApiError(0, { type: "about:blank", title: "Network error", status: 0, code: "network", detail: "Cannot reach the server. Check your connection and try again." });
}

function answerError(response: Response, body: unknown): ApiError {
  const p = isProblem(body)
    ? body
    : { type: "about:blank", title: response.statusText || "Error", status: response.status, code: "error", detail: `The server answered ${response.status}.` };
  return new ApiError(response.status, p);
}

/**
 * fetchFile GETs a file the typed client does not parse (a report's CSV) as a
 * Blob, with the same token handling: refreshed before it expires, and once
 * more on a 401.
 */
export async function fetchFile(path: string): Promise<Blob> {
  const url = new URL(path, options.baseUrl || undefined);
  const send = (s: Session | null) => globalThis.fetch(new Request(url, { headers: s ? { Authorization: `Bearer ${s.accessToken}` } : {} }));
  let response: Response;
  try {
    response = await send(await freshSession());
    if (response.status === 401 && getSession()) {
      const s = await refreshSession();
      if (s) response = await send(s);
    }
  } catch {
    throw networkError();
  }
  if (response.ok) return response.blob();
  throw answerError(response, await response.json().catch(() => null));
}

/** fetchAll follows next_cursor to the end (the board needs whole columns). */
export async function fetchAll<T>(page: (cursor: string | undefined) => Promise<Page<T>>, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.data);
    cursor = p.next_cursor ?? undefined;
  } while (cursor && out.length < max);
  return out;
}

/** idempotencyKey makes a retried create safe (the server replays the first answer). */
export function idempotencyKey(): string {
  // randomUUID exists only in secure contexts; a plain-http intranet install is not one.
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}
