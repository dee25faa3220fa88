import { vi } from "vitest";

export interface Call {
  method: string;
  path: string;
  body: unknown;
  auth: string | null;
}

type Handler = (call: Call) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

/**
 * fakeApi stubs fetch with a tiny router of "METHOD /path" → answer, records
 * every call, and answers 404 problem+json for anything unexpected.
 */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (req: Request) => {
    const url = new URL(req.url);
    const text = req.method === "GET" ? "" : await req.text();
    const call: Call = { method: req.method, path: url.pathname, body: text ? JSON.parse(text) : undefined, auth: req.headers.get("Authorization") };
    calls.push(call);
    const key = Object.keys(routes).find((k) => {
      const [m, p] = k.split(" ");
      return m === req.method && new RegExp(`^${p!.replace(/:[a-z]+/g, "[^/]+")}$`).test(url.pathname);
    });
    const r = key ? await routes[key]!(call) : { status: 404, body: problem(404, "not_found", "No such resource.") };
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
