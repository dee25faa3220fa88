import { useQuery } from "@tanstack/react-query";
import { api, fetchAll, unwrap } from "../../api/client";
import type { Account, Member, Stage } from "../../api/types";
import { keys } from "../../app/keys";

// Small, shared reference data: the pipeline, the team, the caller.

export function useStages() {
  return useQuery({
    queryKey: keys.stages,
    queryFn: async () => {
      const r = await unwrap(api.GET("/api/v1/stages"));
      return [...r.data].sort((a, b) => a.position - b.position);
    },
    staleTime: 5 * 60_000,
  });
}

export function useMembers() {
  return useQuery({
    queryKey: keys.members,
    queryFn: () => fetchAll<Member>((cursor) => unwrap(api.GET("/api/v1/members", { params: { query: { limit: 200, cursor } } }))),
    staleTime: 5 * 60_000,
  });
}

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: () => unwrap(api.GET("/api/v1/me")), staleTime: 5 * 60_000 });
}

/** useAccountsIndex loads every account once to show names next to prospects. */
export function useAccountsIndex() {
  return useQuery({
    queryKey: keys.accountsIndex,
    queryFn: async () => {
      const all = await fetchAll<Account>((cursor) => unwrap(api.GET("/api/v1/accounts", { params: { query: { limit: 200, cursor } } })));
      return new Map(all.map((a) => [a.id, a]));
    },
    staleTime: 60_000,
  });
}

export function byId<T extends { id: string }>(items: T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((x) => [x.id, x]));
}

export function stageName(stages: Stage[] | undefined, id: string | null | undefined): string {
  if (!id) return "—";
  return stages?.find((s) => s.id === id)?.name ?? "Unknown stage";
}

/** canWrite: viewers read only; the server enforces it, the UI just hides buttons. */
export function canWrite(role: string | undefined): boolean {
  return role !== undefined && role !== "viewer";
}

export function isAdmin(role: string | undefined): boolean {
  return role === "owner" || role === "admin";
}
