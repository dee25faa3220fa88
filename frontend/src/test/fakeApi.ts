import { vi } from "vitest";

export interface Call {
  method: string;
  path: string;
  /** the query string, "?a=1&b=2", or "" */
  query: string;
  body: unknown;
  auth: string | null;
}

/** An answer: JSON (body), or text of its own type (a CSV export). */
interface Answer {
  status: number;
  body?: unknown;
  text?: string;
  type?: string;
}
type Handler = (call: Call) => Answer | Promise<Answer>;

/**
 * fakeApi stubs fetch with a tiny router of "METHOD /path" → answer, records
 * every call, and answers 404 problem+json for anything unexpected.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (req: Request) => {
    const url = new URL(req.url);
    const text = req.method === "GET" ? "" : await req.text();
    const call: Call = { method: req.method, path: url.pathname, query: url.search, body: text ? JSON.parse(text) : undefined, auth: req.headers.get("Authorization") };
    calls.push(call);
    const key = Object.keys(routes).find((k) => {
      const [m, p] = k.split(" ");
      return m === req.method && new RegExp(`^${p!.replace(/:[a-z]+/g, "[^/]+")}$`).test(url.pathname);
    });
    const r: Answer = key ? await routes[key]!(call) : { status: 404, body: problem(404, "not_found", "No such resource.") };
    if (r.text !== undefined) return new Response(r.text, { status: r.status, headers: { "Content-Type": r.type ?? "text/plain" } });
    const problemBody = r.status >= 400;
    return new Response(r.status === 204 ? null : JSON.stringify(r.body ?? {}), {
      status: r.status,
      headers: { "Content-Type": problemBody ? "application/problem+json" : "application/json" },
    });
  });
  return calls;
}

export function problem(status: number, code: string, detail: string, errors?: { field: string; code: string; message: string }[]) {
  return { type: "about:blank", title: "Error", status, code, detail, errors };
}
