import { api, unwrap } from "../../api/client";
import type { TimelineItem } from "../../api/types";
import { keys } from "../../app/keys";
import { useInfiniteList } from "../records/useInfiniteList";

export type RecordKind = "prospects" | "contacts" | "accounts";

export function fetchTimeline(entity: RecordKind, id: string, cursor: string | undefined) {
  const params = { path: { id }, query: { cursor, limit: 50 } };
  switch (entity) {
    case "prospects":
      return unwrap(api.GET("/api/v1/prospects/{id}/timeline", { params }));
    case "contacts":
      return unwrap(api.GET("/api/v1/contacts/{id}/timeline", { params }));
    case "accounts":
      return unwrap(api.GET("/api/v1/accounts/{id}/timeline", { params }));
  }
}

export function useTimeline(entity: RecordKind, id: string) {
  return useInfiniteList<TimelineItem>(keys.timeline(entity, id), (cursor) => fetchTimeline(entity, id, cursor));
}
