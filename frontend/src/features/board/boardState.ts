import type { Account, Member, Phase, Prospect, Stage } from "../../api/types";
import { sumByCurrency } from "../../lib/format";

// The board's state as plain functions, so a drop and a filter can be tested
// without a browser: columns from stages, cards from prospects, a move.

export interface BoardFilters {
  ownerId: string | null;
  phase: Phase | null;
  text: string;
}

export const allProspects: BoardFilters = { ownerId: null, phase: null, text: "" };

export interface BoardColumn {
  stage: Stage;
  cards: Prospect[];
  totals: { currency: string; amount: number }[];
}

/** matches tells whether a card passes the owner and text filters. */
export function matches(p: Prospect, f: BoardFilters, accounts: Map<string, Account>): boolean {
  if (f.ownerId && p.owner_id !== f.ownerId) return false;
  const q = f.text.trim().toLowerCase();
  if (!q) return true;
  if (p.title.toLowerCase().includes(q)) return true;
  const acc = p.account_id ? accounts.get(p.account_id) : undefined;
  return !!acc && acc.name.toLowerCase().includes(q);
}

/**
 * buildBoard lays prospects into one column per stage, in pipeline order. The
 * phase filter hides columns; the owner and text filters hide cards. Within a
 * column the card that entered the stage last is on top, so a dropped card is
 * where the eye is.
 */
export function buildBoard(stages: Stage[], prospects: Prospect[], f: BoardFilters, accounts: Map<string, Account>): BoardColumn[] {
  const byStage = new Map<string, Prospect[]>();
  for (const p of prospects) {
    if (!matches(p, f, accounts)) continue;
    let list = byStage.get(p.stage_id);
    if (!list) byStage.set(p.stage_id, (list = []));
    list.push(p);
  }
  return [...stages]
    .sort((a, b) => a.position - b.position)
    .filter((s) => !f.phase || s.phase === f.phase)
    .map((stage) => {
      const cards = (byStage.get(stage.id) ?? []).sort(
        (a, b) => Date.parse(b.stage_entered_at) - Date.parse(a.stage_entered_at) || b.id.localeCompare(a.id),
      );
      return { stage, cards, totals: sumByCurrency(cards) };
    });
}

/**
 * statusOf mirrors the server for the optimistic update only (a win stays won
 * through customer and churn); the saved prospect replaces the guess.
 */
export function statusOf(phase: Phase): Prospect["status"] {
  if (phase === "won" || phase === "customer" || phase === "churned") return "won";
  if (phase === "lost") return "lost";
  return "open";
}

/**
 * moveCard is the optimistic update of a drop: the card takes the new stage,
 * its phase and status, and its age in stage starts again. A drop on its own
 * column changes nothing (the same array comes back).
 */
export function moveCard(prospects: Prospect[], id: string, to: Stage, now: Date = new Date()): Prospect[] {
  const i = prospects.findIndex((p) => p.id === id);
  const p = prospects[i];
  if (!p || p.stage_id === to.id) return prospects;
  const status = statusOf(to.phase);
  const moved: Prospect = {
    ...p,
    stage_id: to.id,
    phase: to.phase,
    status,
    stage_entered_at: now.toISOString(),
    closed_at: status === "open" ? null : (p.closed_at ?? now.toISOString()),
    updated_at: now.toISOString(),
  };
  const next = prospects.slice();
  next[i] = moved;
  return next;
}

/** ownerName is the member's name for a card, or "Unassigned". */
export function ownerName(members: Map<string, Member>, id: string | null): string {
  return (id && members.get(id)?.name) || "Unassigned";
}
