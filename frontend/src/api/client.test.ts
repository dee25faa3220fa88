import { describe, expect, it } from "vitest";
import { fakeApi } from "../test/fakeApi";
import { api, fetchFile, unwrap } from "./client";
import { getSession, setSession } from "./session";

const tokens = (n: number) => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: "Bearer", expires_in: 900 });
const me = { member: { id: "m", name: "Ann", email: "a@x.test", role: "owner", created_at: "", updated_at: "" }, workspace: { id: "w", name: "W", created_at: "", updated_at: "" } };

describe("silent token refresh", () => {
  it("refreshes an expired access token once for many requests, then retries them", async () => {
    setSession({ accessToken: "access-0", refreshToken: "refresh-0", expiresAt: Date.now() + 600_000 });
    let refreshes = 0;
    const calls = fakeApi({
      "GET /api/v1/me": (c) => (c.auth === "Bearer access-1" ? { status: 200, body: me } : { status: 401, body: { type: "about:blank", title: "x", status: 401, code: "unauthenticated", detail: "expired" } }),
      "POST /api/v1/auth/refresh": (c) => {
        refreshes++;
        expect(c.body).toEqual({ refresh_token: "refresh-0" });
        return { status: 200, body: tokens(1) };
      },
    });
    const results = await Promise.all([1, 2, 3].map(() => unwrap(api.GET("/api/v1/me"))));
    expect(results.map((r) => r.member.name)).toEqual(["Ann", "Ann", "Ann"]);
    expect(refreshes).toBe(1); // a second use of refresh-0 would revoke the whole login
    expect(getSession()).toMatchObject({ accessToken: "access-1", refreshToken: "refresh-1" });
    expect(calls.filter((c) => c.path === "/api/v1/me")).toHaveLength(6);
  });

  it("refreshes before sending when the token is about to expire", async () => {
    setSession({ accessToken: "access-0", refreshToken: "refresh-0", expiresAt: Date.now() + 1_000 });
    const calls = fakeApi({
      "POST /api/v1/auth/refresh": () => ({ status: 200, body: tokens(2) }),
      "GET /api/v1/me": () => ({ status: 200, body: me }),
    });
    await unwrap(api.GET("/api/v1/me"));
    expect(calls.map((c) => `${c.method} ${c.path} ${c.auth ?? ""}`.trim())).toEqual(["POST /api/v1/auth/refresh", "GET /api/v1/me Bearer access-2"]);
  });

  it("signs out when the refresh token is refused", async () => {
    setSession({ accessToken: "access-0", refreshToken: "refresh-0", expiresAt: Date.now() + 600_000 });
    fakeApi({
      "GET /api/v1/me": () => ({ status: 401, body: { type: "about:blank", title: "x", status: 401, code: "unauthenticated", detail: "expired" } }),
      "POST /api/v1/auth/refresh": () => ({ status: 401, body: { type: "about:blank", title: "x", status: 401, code: "unauthenticated", detail: "revoked" } }),
    });
    await expect(unwrap(api.GET("/api/v1/me"))).rejects.toMatchObject({ status: 401 });
    expect(getSession()).toBeNull();
  });

  it("refreshes and retries a file download refused with 401, as it does typed calls", async () => {
    setSession({ accessToken: "access-0", refreshToken: "refresh-0", expiresAt: Date.now() + 600_000 });
    const calls = fakeApi({
      "GET /api/v1/reports/funnel": (c) =>
        c.auth === "Bearer access-3" ? { status: 200, text: "step,reached\r\n", type: "text/csv" } : { status: 401, body: { type: "about:blank", title: "x", status: 401, code: "unauthenticated", detail: "expired" } },
      "POST /api/v1/auth/refresh": () => ({ status: 200, body: tokens(3) }),
    });
    expect(await (await fetchFile("/api/v1/reports/funnel?format=csv")).text()).toBe("step,reached\r\n");
    expect(calls.map((c) => `${c.method} ${c.path}${c.query} ${c.auth ?? ""}`.trim())).toEqual([
      "GET /api/v1/reports/funnel?format=csv Bearer access-0",
      "POST /api/v1/auth/refresh",
      "GET /api/v1/reports/funnel?format=csv Bearer access-3",
    ]);
  });
});
