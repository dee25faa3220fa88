import type { TokenPair } from "./types";

/**
 * The login session: the short-lived access token and the rotating refresh
 * token. It lives in localStorage so sign-in survives a reload and is shared
 * by tabs; React subscribes to it with useSyncExternalStore.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** epoch ms when the access token expires */
  expiresAt: number;
}

const KEY = "onefunnel.session";
const listeners = new Set<() => void>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.accessToken === "string" && typeof s.refreshToken === "string" && typeof s.expiresAt === "number") {
      return { accessToken: s.accessToken, refreshToken: s.refreshToken, expiresAt: s.expiresAt };
    }
  } catch {
    // A corrupt entry is the same as none: the user logs in again.
  }
  return null;
}

function notify() {
  for (const fn of listeners) fn();
}

export function getSession(): Session | null {
  return current;
}

export function sessionFromTokens(t: TokenPair, now = Date.now()): Session {
  return { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: now + t.expires_in * 1000 };
}

export function setSession(s: Session | null): void {
  current = s;
  if (s) localStorage.setItem(KEY, JSON.stringify(s));
  else localStorage.removeItem(KEY);
  notify();
}

export function subscribeSession(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// Another tab logged in, out, or rotated the tokens.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === KEY) {
      current = read();
      notify();
    }
  });
}

/** rereadSession picks up a rotation another tab wrote (used under the refresh lock). */
export function rereadSession(): Session | null {
  const stored = read();
  if (stored?.refreshToken !== current?.refreshToken) {
    current = stored;
    notify();
  }
  return current;
}
