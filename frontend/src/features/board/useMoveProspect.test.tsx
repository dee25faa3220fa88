import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { act, renderHook, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { Prospect, Stage } from "../../api/types";
import { keys } from "../../app/keys";
import { fakeApi, problem } from "../../test/fakeApi";
import { getToasts } from "../../ui/toast";
import { useMoveProspect } from "./useMoveProspect";

const t0 = "2025-01-01T00:00:00Z";
const engaged: Stage = { id: "s-engaged", name: "Engaged", phase: "lead", position: 1, created_at: t0, updated_at: t0 };
const card: Prospect = {
  id: "p1", title: "Globex deal", account_id: null, contact_ids: [], contacts: [], owner_id: null, stage_id: "s-lead", phase: "lead",
  amount: 0, currency: "EUR", expected_close_date: null, status: "open", lost_reason: null, stage_entered_at: t0, closed_at: null, first_touch: null, created_at: t0, updated_at: t0,
};

function setup() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  qc.setQueryData(keys.board, [card]);
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
  const { result } = renderHook(() => useMoveProspect(), { wrapper });
  const board = () => qc.getQueryData<Prospect[]>(keys.board)!;
  return { result, board };
}

describe("a drop on the board", () => {
  it("shows the card in the new stage at once, saves the stage change, then keeps the saved prospect", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const calls = fakeApi({
      "POST /api/v1/prospects/p1/stage-changes": async () => (await gate, { status: 201, body: { id: "sc1" } }),
      "GET /api/v1/prospects/p1": () => ({ status: 200, body: { ...card, stage_id: engaged.id, stage_entered_at: "2025-05-05T05:05:05Z" } }),
    });
    const { result, board } = setup();

    act(() => result.current.mutate({ prospect: card, to: engaged }));
    await waitFor(() => expect(board()[0]!.stage_id).toBe(engaged.id)); // before the server answers
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
    expect(calls[0]!.body).toEqual({ stage_id: engaged.id });

    release();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(board()[0]!.stage_entered_at).toBe("2025-05-05T05:05:05Z"); // the server's time replaces the guess
  });

  it("puts the card back and says why when the server refuses", async () => {
    fakeApi({
      "POST /api/v1/prospects/p1/stage-changes": () => ({ status: 403, body: problem(403, "forbidden", "viewers cannot move prospects") }),
    });
    const { result, board } = setup();

    act(() => result.current.mutate({ prospect: card, to: engaged }));
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(board()).toEqual([card]);
    expect(getToasts().at(-1)).toMatchObject({ kind: "error", text: expect.stringContaining("viewers cannot move prospects") });
  });
});
