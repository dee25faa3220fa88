import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { Prospect, Stage } from "../../api/types";
import { keys } from "../../app/keys";
import { toast } from "../../ui/toast";
import { moveCard } from "./boardState";

interface Move {
  prospect: Prospect;
  to: Stage;
  lostReason?: string;
}

/**
 * useMoveProspect shows a drop at once (optimistic), saves the stage change,
 * then puts the saved prospect in place, or puts the card back and says why.
 * The marks let the browser test measure drop → saved.
 */
export function useMoveProspect() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ prospect, to, lostReason }: Move) => {
      await unwrap(
        api.POST("/api/v1/prospects/{id}/stage-changes", {
          params: { path: { id: prospect.id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: lostReason ? { stage_id: to.id, lost_reason: lostReason } : { stage_id: to.id },
        }),
      );
      return unwrap(api.GET("/api/v1/prospects/{id}", { params: { path: { id: prospect.id } } }));
    },
    onMutate: async ({ prospect, to }) => {
      performance.mark("board:drop");
      await qc.cancelQueries({ queryKey: keys.board });
      const before = qc.getQueryData<Prospect[]>(keys.board);
      if (before) qc.setQueryData(keys.board, moveCard(before, prospect.id, to));
      requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("board:drop-painted")));
      return { before };
    },
    onError: (err, { prospect }, ctx) => {
      if (ctx?.before) qc.setQueryData(keys.board, ctx.before);
      toast(`Could not move “${prospect.title}”: ${err.message}`, "error");
    },
    onSuccess: (saved) => {
      performance.mark("board:saved");
      performance.measure("board:drop-to-saved", "board:drop", "board:saved");
      qc.setQueryData<Prospect[]>(keys.board, (list) => list?.map((p) => (p.id === saved.id ? saved : p)));
      qc.setQueryData(keys.record("prospects", saved.id), saved);
      void qc.invalidateQueries({ queryKey: ["timeline"] });
      void qc.invalidateQueries({ queryKey: ["prospects", "list"] });
    },
  });
}
