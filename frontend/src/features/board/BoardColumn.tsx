import { memo, useRef } from "react";
import { useDroppable } from "@dnd-kit/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { Account, Member } from "../../api/types";
import { formatMoney, phaseLabel } from "../../lib/format";
import { cx } from "../../ui/cx";
import type { BoardColumn as Column } from "./boardState";
import { ProspectCard } from "./ProspectCard";

const phaseBar: Record<string, string> = {
  lead: "bg-slate-400",
  qualified: "bg-sky-500",
  opportunity: "bg-indigo-500",
  won: "bg-emerald-500",
  lost: "bg-red-400",
  customer: "bg-emerald-600",
  churned: "bg-amber-500",
};

interface Props {
  column: Column;
  accounts: Map<string, Account>;
  members: Map<string, Member>;
  now: number;
}

/**
 * BoardColumn is one stage: a header with count and value, and its cards. Only
 * the cards in view are rendered, so a column of a thousand scrolls smoothly.
 */
export const BoardColumn = memo(function BoardColumn({ column, accounts, members, now }: Props) {
  const { stage, cards, totals } = column;
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { stage } });
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 104,
    gap: 8,
    overscan: 6,
    getItemKey: (i) => cards[i]?.id ?? i,
  });
  const total = totals.length === 0 ? "—" : totals.map((t) => formatMoney(t.amount, t.currency, true)).join(" · ");

  return (
    <section
      ref={setNodeRef}
      aria-label={`${stage.name}: ${cards.length} prospects`}
      data-testid="board-column"
      data-stage-id={stage.id}
      className={cx(
        "flex h-full w-[85vw] max-w-80 shrink-0 snap-start flex-col rounded-xl bg-slate-100/80 ring-1 transition-colors sm:w-72",
        isOver ? "bg-brand-50 ring-brand-300" : "ring-slate-200/70",
      )}
    >
      <header className="px-3 pt-3 pb-2">
        <div className={cx("mb-2 h-1 rounded-full", phaseBar[stage.phase])} />
        <div className="flex items-center justify-between gap-2">
          <h2 className="truncate font-semibold text-slate-800" title={phaseLabel[stage.phase]}>
            {stage.name}
          </h2>
          <span className="rounded-full bg-white px-2 py-0.5 text-xs font-semibold text-slate-600 ring-1 ring-slate-200" data-testid="column-count">
            {cards.length}
          </span>
        </div>
        <div className="mt-0.5 truncate text-[13px] text-slate-500 tabular-nums" data-testid="column-total">
          {total}
        </div>
      </header>
      <div ref={scroller} className="scrollbar-thin min-h-0 flex-1 overflow-y-auto px-2 pt-1 pb-2">
        {cards.length === 0 ? (
          <div className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-[13px] text-slate-400">Drop prospects here</div>
        ) : (
          <div className="relative" style={{ height: rows.getTotalSize() }}>
            {rows.getVirtualItems().map((v) => {
              const p = cards[v.index]!;
              return (
                <div key={v.key} data-index={v.index} ref={rows.measureElement} className="absolute inset-x-0 top-0" style={{ transform: `translateY(${v.start}px)` }}>
                  <ProspectCard prospect={p} account={p.account_id ? accounts.get(p.account_id) : undefined} members={members} now={now} />
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
});
