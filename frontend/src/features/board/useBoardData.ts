import { useQuery } from "@tanstack/react-query";
import { api, fetchAll, unwrap } from "../../api/client";
import type { Prospect, Stage } from "../../api/types";
import { keys } from "../../app/keys";

/**
 * loadBoard fetches every prospect, one stage per request and all stages at
 * once: the list caps a page at 200, so a column pages through its cursor
 * while the other columns load in parallel.
 */
export async function loadBoard(stages: Stage[]): Promise<Prospect[]> {
  const columns = await Promise.all(
    stages.map((s) =>
      fetchAll<Prospect>((cursor) =>
        unwrap(api.GET("/api/v1/prospects", { params: { query: { stage_id: s.id, limit: 200, cursor, sort: "-updated_at" } } })),
      ),
    ),
  );
  return columns.flat();
}

export function useBoardProspects(stages: Stage[] | undefined) {
  return useQuery({
    queryKey: keys.board,
    queryFn: () => loadBoard(stages ?? []),
    enabled: !!stages,
    staleTime: 15_000,
  });
}
