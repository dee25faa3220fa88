import { useCallback, useEffect, useMemo, useState } from "react";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import type { Prospect, Stage } from "../../api/types";
import { byId, canWrite, useAccountsIndex, useMe, useMembers, useStages } from "../records/lookups";
import { ProspectFormDialog } from "../prospects/ProspectFormDialog";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { EmptyState, ErrorState, Skeleton } from "../../ui/Feedback";
import { TextField } from "../../ui/Field";
import { Icon } from "../../ui/Icon";
import { BoardColumn } from "./BoardColumn";
import { BoardFilters } from "./BoardFilters";
import { allProspects, buildBoard, type BoardFilters as Filters } from "./boardState";
import { columnKeys } from "./keyboard";
import { CardBody } from "./ProspectCard";
import { useBoardProspects } from "./useBoardData";
import { useMoveProspect } from "./useMoveProspect";

// Pointer first (the card under the finger), then rectangles (keyboard moves).
const collide: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length > 0 ? hits : rectIntersection(args);
};

let painted = false;

function summary(cards: number, stages: number): string {
  return `${cards === 1 ? "1 prospect" : `${cards.toLocaleString()} prospects`} in ${stages === 1 ? "1 stage" : `${stages} stages`}`;
}

/** BoardPage is the pipeline: every stage a column, every open deal a card. */
export function BoardPage() {
  const stages = useStages();
  const prospects = useBoardProspects(stages.data);
  const accounts = useAccountsIndex();
  const members = useMembers();
  const me = useMe();
  const move = useMoveProspect();
  const [filters, setFilters] = useState<Filters>(allProspects);
  const [active, setActive] = useState<Prospect | null>(null);
  const [losing, setLosing] = useState<{ prospect: Prospect; to: Stage } | null>(null);
  const [reason, setReason] = useState("");
  const [creating, setCreating] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);

  const accountMap = useMemo(() => accounts.data ?? new Map(), [accounts.data]);
  const memberMap = useMemo(() => byId(members.data), [members.data]);
  const columns = useMemo(
    () => (stages.data && prospects.data ? buildBoard(stages.data, prospects.data, filters, accountMap) : []),
    [stages.data, prospects.data, filters, accountMap],
  );
  const ready = !!stages.data && !!prospects.data;
  const writable = canWrite(me.data?.member.role);

  useEffect(() => {
    // The browser test reads this mark: navigation start → the whole board on screen.
    if (ready && !painted) {
      painted = true;
      requestAnimationFrame(() => performance.mark("board:painted"));
    }
  }, [ready]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeys, keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] } }),
  );

  const onDragStart = useCallback((e: DragStartEvent) => setActive((e.active.data.current?.prospect as Prospect) ?? null), []);
  const onDragEnd = useCallback(
    (e: DragEndEvent) => {
      setActive(null);
      const prospect = e.active.data.current?.prospect as Prospect | undefined;
      const to = e.over?.data.current?.stage as Stage | undefined;
      if (!prospect || !to || prospect.stage_id === to.id) return;
      if (to.phase === "lost") {
        setReason("");
        setLosing({ prospect, to });
        return;
      }
      move.mutate({ prospect, to });
    },
    [move],
  );

  const stageName = (id: string) => stages.data?.find((s) => s.id === id)?.name ?? "stage";

  if (stages.error || prospects.error) {
    return (
      <div className="p-4 sm:p-6">
        <ErrorState error={stages.error ?? prospects.error} onRetry={() => void (stages.error ? stages.refetch() : prospects.refetch())} />
      </div>
    );
  }

  return (
    <div className="flex h-full flex-col">
      <div className="flex flex-col gap-3 border-b border-slate-200 bg-white px-4 py-3 sm:px-6">
        <div className="flex items-center justify-between gap-3">
          <div>
            <h1 className="text-xl font-semibold tracking-tight">Pipeline</h1>
            <p className="text-[13px] text-slate-500" aria-live="polite">
              {ready ? summary(columns.reduce((n, c) => n + c.cards.length, 0), columns.length) : "Loading the board…"}
            </p>
          </div>
          {writable && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Icon name="plus" className="size-4" />
              New prospect
            </Button>
          )}
        </div>
        <BoardFilters value={filters} onChange={setFilters} members={members.data ?? []} meId={me.data?.member.id} />
      </div>

      {!ready ? (
        <div className="flex min-h-0 flex-1 gap-3 overflow-hidden p-4 sm:px-6" aria-busy="true">
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="flex w-[85vw] max-w-80 shrink-0 flex-col gap-2 rounded-xl bg-slate-100 p-3 sm:w-72">
              <Skeleton className="h-5 w-24" />
              <Skeleton className="h-20" />
              <Skeleton className="h-20" />
            </div>
          ))}
        </div>
      ) : prospects.data?.length === 0 ? (
        <div className="p-4 sm:p-6">
          <EmptyState
            title="Your pipeline is empty"
            action={writable && <Button variant="primary" onClick={() => setCreating(true)}>Create the first prospect</Button>}
          >
            A prospect is one buying journey, from the first touch to won or lost. Add one and drag it through the stages.
          </EmptyState>
        </div>
      ) : (
        <DndContext
          sensors={writable ? sensors : undefined}
          collisionDetection={collide}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setActive(null)}
          accessibility={{
            screenReaderInstructions: { draggable: "Press Space to pick up the prospect. Use the left and right arrow keys to move it between stages, Space to drop, Escape to cancel." },
            announcements: {
              onDragStart: ({ active: a }) => `Picked up ${(a.data.current?.prospect as Prospect | undefined)?.title ?? "prospect"}.`,
              onDragOver: ({ over }) => (over ? `Over ${(over.data.current?.stage as Stage | undefined)?.name ?? "a stage"}.` : "Not over a stage."),
              onDragEnd: ({ over }) => (over ? `Moved to ${(over.data.current?.stage as Stage | undefined)?.name ?? "the stage"}.` : "Dropped."),
              onDragCancel: () => "Move cancelled.",
            },
          }}
        >
          <div className="scrollbar-thin flex min-h-0 flex-1 snap-x snap-mandatory gap-3 overflow-x-auto scroll-px-4 p-4 sm:snap-none sm:px-6" data-testid="board">
            {columns.map((c) => (
              <BoardColumn key={c.stage.id} column={c} accounts={accountMap} members={memberMap} now={now} />
            ))}
          </div>
          <DragOverlay dropAnimation={null}>
            {active && <CardBody prospect={active} account={active.account_id ? accountMap.get(active.account_id) : undefined} members={memberMap} now={now} lifted />}
          </DragOverlay>
        </DndContext>
      )}

      <Dialog
        open={!!losing}
        title={`Mark as lost: ${losing ? stageName(losing.to.id) : ""}`}
        onClose={() => setLosing(null)}
        footer={
          <>
            <Button onClick={() => setLosing(null)}>Cancel</Button>
            <Button
              variant="primary"
              onClick={() => {
                if (losing) move.mutate({ ...losing, lostReason: reason.trim() || undefined });
                setLosing(null);
              }}
            >
              Mark lost
            </Button>
          </>
        }
      >
        <TextField label="Why was it lost? (optional)" placeholder="Price, timing, chose a competitor…" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={255} />
      </Dialog>
      {creating && <ProspectFormDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
