import { describe, expect, it } from "vitest";
import type { Account, Prospect, Stage } from "../../api/types";
import { allProspects, buildBoard, moveCard } from "./boardState";

const t0 = "2025-01-01T00:00:00Z";
const stage = (id: string, position: number, phase: Stage["phase"]): Stage => ({ id, name: id, phase, position, created_at: t0, updated_at: t0 });
const stages = [stage("won", 2, "won"), stage("lead", 0, "lead"), stage("proposal", 1, "opportunity"), stage("lost", 3, "lost")];

function prospect(id: string, over: Partial<Prospect> = {}): Prospect {
  return {
    id, title: `Deal ${id}`, account_id: null, contact_ids: [], contacts: [], owner_id: "ann", stage_id: "lead", phase: "lead",
    amount: 1000, currency: "EUR", expected_close_date: null, status: "open", lost_reason: null,
    stage_entered_at: t0, closed_at: null, first_touch: null, created_at: t0, updated_at: t0, ...over,
  };
}
const accounts = new Map<string, Account>([["globex", { id: "globex", name: "Globex", domain: null, created_at: t0, updated_at: t0 }]]);

describe("buildBoard", () => {
  const prospects = [
    prospect("a", { amount: 1000 }),
    prospect("b", { amount: 2500, stage_entered_at: "2025-02-01T00:00:00Z", account_id: "globex", owner_id: "bob" }),
    prospect("c", { amount: 500, currency: "USD" }),
    prospect("d", { stage_id: "proposal", phase: "opportunity" }),
  ];

  it("makes one column per stage in pipeline order, empty ones included", () => {
    expect(buildBoard(stages, prospects, allProspects, accounts).map((c) => c.stage.id)).toEqual(["lead", "proposal", "won", "lost"]);
  });

  it("counts and totals each column per currency, and puts the latest arrival on top", () => {
    const [lead] = buildBoard(stages, prospects, allProspects, accounts);
    expect(lead!.cards.map((p) => p.id)).toEqual(["b", "c", "a"]);
    expect(lead!.totals).toEqual([{ currency: "EUR", amount: 3500 }, { currency: "USD", amount: 500 }]);
  });

  it.each([
    { name: "owner", f: { ...allProspects, ownerId: "bob" }, want: ["b"] },
    { name: "text in the title", f: { ...allProspects, text: "deal a" }, want: ["a"] },
    { name: "text in the account name", f: { ...allProspects, text: "GLOB" }, want: ["b"] },
    { name: "nothing matching", f: { ...allProspects, text: "zzz" }, want: [] },
  ])("filters cards by $name", ({ f, want }) => {
    const ids = buildBoard(stages, prospects, f, accounts).flatMap((c) => c.cards.map((p) => p.id));
    expect(ids.sort()).toEqual(want);
  });

  it("hides the columns of other phases", () => {
    const cols = buildBoard(stages, prospects, { ...allProspects, phase: "opportunity" }, accounts);
    expect(cols.map((c) => c.stage.id)).toEqual(["proposal"]);
    expect(cols[0]!.cards.map((p) => p.id)).toEqual(["d"]);
  });
});

describe("moveCard (the board after a drop)", () => {
  const now = new Date("2025-03-01T10:00:00Z");
  const before = [prospect("a"), prospect("b")];

  it("moves the card to the new column, restarts its age, keeps the others", () => {
    const after = moveCard(before, "a", stages[2]!, now); // proposal
    const board = buildBoard(stages, after, allProspects, accounts);
    expect(board.find((c) => c.stage.id === "proposal")!.cards.map((p) => p.id)).toEqual(["a"]);
    expect(board.find((c) => c.stage.id === "lead")!.cards.map((p) => p.id)).toEqual(["b"]);
    expect(after[0]).toMatchObject({ stage_id: "proposal", phase: "opportunity", status: "open", stage_entered_at: now.toISOString(), closed_at: null });
    expect(after[1]).toBe(before[1]);
    expect(before[0]!.stage_id).toBe("lead"); // the old state is untouched, so a failed save can put it back
  });

  it.each([
    { to: "won", status: "won" },
    { to: "lost", status: "lost" },
  ])("closes the prospect when dropped on $to", ({ to, status }) => {
    const after = moveCard(before, "a", stages.find((s) => s.id === to)!, now);
    expect(after[0]).toMatchObject({ status, closed_at: now.toISOString() });
  });

  it("reopens a closed prospect dropped back on an open stage", () => {
    const closed = [prospect("a", { stage_id: "lost", phase: "lost", status: "lost", closed_at: t0 })];
    expect(moveCard(closed, "a", stages[1]!, now)[0]).toMatchObject({ status: "open", closed_at: null });
  });

  it("changes nothing for a drop on the card's own column or an unknown card", () => {
    expect(moveCard(before, "a", stages[1]!, now)).toBe(before);
    expect(moveCard(before, "zzz", stages[2]!, now)).toBe(before);
  });
});
