import { memo } from "react";
import { Link } from "react-router";
import { useDraggable } from "@dnd-kit/core";
import type { Account, Member, Prospect } from "../../api/types";
import { age, formatMoney } from "../../lib/format";
import { Avatar } from "../../ui/Avatar";
import { cx } from "../../ui/cx";
import { ownerName } from "./boardState";

interface CardProps {
  prospect: Prospect;
  account?: Account;
  members: Map<string, Member>;
  now: number;
}

/** CardBody is what a card shows; the drag overlay reuses it. */
export function CardBody({ prospect: p, account, members, now, lifted }: CardProps & { lifted?: boolean }) {
  const owner = ownerName(members, p.owner_id);
  return (
    <div
      className={cx(
        "rounded-lg bg-white p-3 ring-1 ring-slate-200 transition-shadow",
        lifted ? "rotate-1 shadow-xl ring-brand-300" : "shadow-xs hover:shadow-md hover:ring-slate-300",
      )}
    >
      <div className="line-clamp-2 font-medium break-words text-slate-900">{p.title}</div>
      <div className="mt-0.5 truncate text-[13px] text-slate-500">{account?.name ?? "No account"}</div>
      <div className="mt-2.5 flex items-center justify-between gap-2">
        <span className="truncate font-semibold text-slate-800 tabular-nums">{formatMoney(p.amount, p.currency)}</span>
        <span className="flex shrink-0 items-center gap-2 text-xs text-slate-500">
          <span title="Time in this stage">{age(p.stage_entered_at, now)}</span>
          <Avatar name={owner} seed={p.owner_id ?? "none"} size="sm" />
        </span>
      </div>
    </div>
  );
}

/** ProspectCard is a draggable link to the record: drag to move, click (or Enter) to open. */
export const ProspectCard = memo(function ProspectCard(props: CardProps) {
  const { prospect: p } = props;
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: p.id, data: { prospect: p } });
  return (
    <Link
      ref={setNodeRef}
      to={`/prospects/${p.id}`}
      {...listeners}
      {...attributes}
      aria-roledescription="Draggable prospect"
      aria-label={`${p.title}. Press Space to move between stages, Enter to open.`}
      data-testid="prospect-card"
      data-prospect-id={p.id}
      className={cx("block touch-manipulation rounded-lg outline-offset-2", isDragging && "opacity-40")}
    >
      <CardBody {...props} />
    </Link>
  );
});
