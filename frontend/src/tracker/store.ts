// First-party storage: localStorage, or a cookie where localStorage is
// unavailable (blocked, or Safari's private mode of old). Nothing is kept
// before the tracker may track (see privacy.ts).

const YEAR = 31536000;

function local(): Storage | undefined {
  try {
    const s = window.localStorage;
    s.setItem("of_t", "1");
    s.removeItem("of_t");
    return s;
  } catch {
    return undefined;
  }
}

export interface KV {
  get(k: string): string | null;
  set(k: string, v: string): void;
  del(k: string): void;
}

function cookieKV(): KV {
  const write = (k: string, v: string, age: number) => {
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${k}=${encodeURIComponent(v)}; Max-Age=${age}; Path=/; SameSite=Lax${secure}`;
  };
  return {
    get: (k) => {
      const m = document.cookie.match(new RegExp(`(?:^|; )${k}=([^;]*)`));
      return m ? decodeURIComponent(m[1]!) : null;
    },
    set: (k, v) => write(k, v, YEAR),
    del: (k) => write(k, "", 0),
  };
}

/** kv returns the first-party store: localStorage, else cookies. */
export function kv(): KV {
  const s = local();
  if (!s) return cookieKV();
  return { get: (k) => s.getItem(k), set: (k, v) => s.setItem(k, v), del: (k) => s.removeItem(k) };
}
