import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { keys } from "../../app/keys";
import { contactName } from "../../lib/format";

// Single records and the small searches the pickers use.

export function useAccount(id: string | null | undefined) {
  return useQuery({
    queryKey: keys.record("accounts", id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/accounts/{id}", { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useContact(id: string | null | undefined) {
  return useQuery({
    queryKey: keys.record("contacts", id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/contacts/{id}", { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useProspect(id: string | null | undefined) {
  return useQuery({
    queryKey: keys.record("prospects", id ?? ""),
    queryFn: () => unwrap(api.GET("/api/v1/prospects/{id}", { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export interface Option {
  id: string;
  label: string;
  sub?: string;
}

export type Pickable = "accounts" | "contacts";

export async function searchRecords(entity: Pickable, q: string): Promise<Option[]> {
  const query = { limit: 8, q: q.trim() || undefined };
  if (entity === "accounts") {
    const r = await unwrap(api.GET("/api/v1/accounts", { params: { query: { ...query, sort: "name" } } }));
    return r.data.map((a) => ({ id: a.id, label: a.name, sub: a.domain ?? undefined }));
  }
  const r = await unwrap(api.GET("/api/v1/contacts", { params: { query: { ...query, sort: "last_name" } } }));
  return r.data.map((c) => ({ id: c.id, label: contactName(c), sub: c.email ?? undefined }));
}
