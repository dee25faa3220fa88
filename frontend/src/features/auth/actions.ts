import { publicApi, unwrap } from "../../api/client";
import { getSession, sessionFromTokens, setSession } from "../../api/session";
import type { TokenPair } from "../../api/types";
import { queryClient } from "../../app/queryClient";

function start(t: TokenPair) {
  queryClient.clear();
  setSession(sessionFromTokens(t));
}

export async function login(email: string, password: string) {
  start(await unwrap(publicApi.POST("/api/v1/auth/login", { body: { email, password } })));
}

export async function signup(body: { workspace_name: string; name: string; email: string; password: string }) {
  start(await unwrap(publicApi.POST("/api/v1/auth/signup", { body })));
}

export async function acceptInvite(body: { token: string; name: string; password: string }) {
  start(await unwrap(publicApi.POST("/api/v1/auth/accept-invite", { body })));
}

/** logout revokes the refresh family on the server, then forgets it here either way. */
export async function logout() {
  const s = getSession();
  if (s) {
    await publicApi.POST("/api/v1/auth/logout", { body: { refresh_token: s.refreshToken } }).catch(() => undefined);
  }
  setSession(null);
  queryClient.clear();
}
