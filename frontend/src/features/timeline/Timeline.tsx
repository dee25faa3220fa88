import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { Activity, StageChange, TimelineItem } from "../../api/types";
import { formatDateTime, relative } from "../../lib/format";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { ErrorState, Skeleton } from "../../ui/Feedback";
import { Icon, type IconName } from "../../ui/Icon";
import { toast } from "../../ui/toast";
import { byId, stageName, useMembers, useStages } from "../records/lookups";
import { TouchpointItem } from "./TouchpointItem";
import { EventItem, MergeItem, SessionItem } from "./TrackingItems";
import { useTimeline, type RecordKind } from "./useTimeline";

function Bullet({ icon, tone }: { icon: IconName; tone: string }) {
  return (
    <span className={cx("relative z-10 flex size-8 shrink-0 items-center justify-center rounded-full ring-4 ring-slate-50", tone)}>
      <Icon name={icon} className="size-4" />
    </span>
  );
}

function StageChangeItem({ sc, showProspect }: { sc: StageChange; showProspect: boolean }) {
  const stages = useStages();
  const members = useMembers();
  const who = sc.changed_by_kind === "member" ? (sc.changed_by_id && byId(members.data).get(sc.changed_by_id)?.name) || "A member" : sc.changed_by_kind === "api_key" ? "An integration" : sc.changed_by_kind === "bot" ? "The bot" : "A rule";
  return (
    <div className="min-w-0 pt-1" data-testid="timeline-stage-change">
      <p className="text-slate-700">
        <span className="font-medium text-slate-900">{who}</span>{" "}
        {sc.from_stage_id ? (
          <>
            moved {showProspect ? <Link className="font-medium text-brand-700 hover:underline" to={`/prospects/${sc.prospect_id}`}>a prospect</Link> : "it"} from{" "}
            <span className="font-medium text-slate-900">{stageName(stages.data, sc.from_stage_id)}</span> to{" "}
          </>
        ) : (
          <>
            opened {showProspect ? <Link className="font-medium text-brand-700 hover:underline" to={`/prospects/${sc.prospect_id}`}>a prospect</Link> : "it"} in{" "}
          </>
        )}
        <span className="font-medium text-slate-900">{stageName(stages.data, sc.to_stage_id)}</span>
      </p>
      <time className="text-xs text-slate-500" dateTime={sc.changed_at} title={formatDateTime(sc.changed_at)}>
        {relative(sc.changed_at)}
      </time>
    </div>
  );
}

const activityIcon: Record<string, { icon: IconName; tone: string }> = {
  note: { icon: "note", tone: "bg-amber-100 text-amber-700" },
  call: { icon: "call", tone: "bg-sky-100 text-sky-700" },
  meeting: { icon: "meeting", tone: "bg-violet-100 text-violet-700" },
  email: { icon: "email", tone: "bg-slate-200 text-slate-700" },
  task: { icon: "task", tone: "bg-emerald-100 text-emerald-700" },
};

export function ActivityItem({ a }: { a: Activity }) {
  const qc = useQueryClient();
  // The tick shows at once; a refusal puts it back.
  const [done, setDone] = useState(a.done);
  useEffect(() => setDone(a.done), [a.done]);
  const toggle = useMutation({
    onMutate: (next: boolean) => setDone(next),
    mutationFn: (done: boolean) => unwrap(api.PATCH("/api/v1/activities/{id}", { params: { path: { id: a.id } }, body: { done } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ["timeline"] });
      void qc.invalidateQueries({ queryKey: ["activities"] });
    },
    onError: (err) => {
      setDone(a.done);
      toast(`Could not update the task: ${err.message}`, "error");
    },
  });
  const overdue = a.type === "task" && !done && a.due_at && Date.parse(a.due_at) < Date.now();
  return (
    <div className="min-w-0 flex-1 rounded-lg bg-white px-3.5 py-2.5 ring-1 ring-slate-200" data-testid="timeline-activity">
      <div className="flex items-start gap-2">
        {a.type === "task" && (
          <input
            type="checkbox"
            aria-label={done ? "Mark as not done" : "Mark as done"}
            checked={done}
            disabled={toggle.isPending}
            onChange={(e) => toggle.mutate(e.target.checked)}
            className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600"
          />
        )}
        <div className="min-w-0 flex-1">
          <p className={cx("font-medium break-words text-slate-900", done && "text-slate-400 line-through")}>{a.subject || a.type[0]!.toUpperCase() + a.type.slice(1)}</p>
          {a.body && <p className="mt-1 break-words whitespace-pre-wrap text-slate-700">{a.body}</p>}
          <p className="mt-1 text-xs text-slate-500">
            {a.type === "task" && a.due_at ? (
              <time dateTime={a.due_at} title={formatDateTime(a.due_at)} className={cx(overdue && "font-medium text-red-600")}>
                Due {relative(a.due_at)}
              </time>
            ) : (
              <time dateTime={a.occurred_at} title={formatDateTime(a.occurred_at)}>
                {relative(a.occurred_at)}
              </time>
            )}
          </p>
        </div>
      </div>
    </div>
  );
}

function Item({ item, entity }: { item: TimelineItem; entity: RecordKind }) {
  if (item.kind === "stage_change" && item.stage_change) {
    return (
      <li className="relative flex gap-3 pb-5">
        <Bullet icon="stage" tone="bg-brand-100 text-brand-700" />
        <StageChangeItem sc={item.stage_change} showProspect={entity !== "prospects"} />
      </li>
    );
  }
  if (item.kind === "touchpoint" && item.touchpoint) {
    return (
      <li className="relative flex gap-3 pb-5">
        <Bullet icon="touch" tone="bg-rose-100 text-rose-700" />
        <TouchpointItem tp={item.touchpoint} />
      </li>
    );
  }
  if (item.kind === "session" && item.session) {
    return (
      <li className="relative flex gap-3 pb-5">
        <Bullet icon="touch" tone="bg-sky-100 text-sky-700" />
        <SessionItem s={item.session} />
      </li>
    );
  }
  if (item.kind === "event" && item.event) {
    return (
      <li className="relative flex gap-3 pb-5">
        <Bullet icon="stage" tone="bg-slate-200 text-slate-700" />
        <EventItem ev={item.event} />
      </li>
    );
  }
  if (item.kind === "merge" && item.merge) {
    return (
      <li className="relative flex gap-3 pb-5">
        <Bullet icon="stage" tone="bg-amber-100 text-amber-700" />
        <MergeItem m={item.merge} at={item.occurred_at} />
      </li>
    );
  }
  if (item.activity) {
    const look = activityIcon[item.activity.type] ?? activityIcon.note!;
    return (
      <li className="relative flex gap-3 pb-5">
        <Bullet icon={look.icon} tone={look.tone} />
        <ActivityItem a={item.activity} />
      </li>
    );
  }
  return null;
}

/** Timeline is a record's one history, newest first: activities, stage changes, touchpoints, visits, tracked events and merges. */
export function Timeline({ entity, id }: { entity: RecordKind; id: string }) {
  const q = useTimeline(entity, id);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending)
    return (
      <div className="flex flex-col gap-3">
        <Skeleton className="h-14" />
        <Skeleton className="h-14" />
      </div>
    );
  const items = q.data.pages.flatMap((p) => p.data);
  if (items.length === 0) return <p className="py-6 text-center text-slate-500">Nothing has happened here yet. Log a note or a call above.</p>;
  return (
    <div>
      <ol className="relative before:absolute before:top-2 before:bottom-6 before:left-4 before:w-px before:bg-slate-200" aria-label="Timeline">
        {items.map((it) => (
          <Item key={(it.activity?.id ?? it.stage_change?.id ?? it.touchpoint?.id ?? it.session?.id ?? it.event?.id ?? it.merge?.id ?? "") + it.kind} item={it} entity={entity} />
        ))}
      </ol>
      {q.hasNextPage && (
        <div className="flex justify-center">
          <Button size="sm" onClick={() => void q.fetchNextPage()} busy={q.isFetchingNextPage}>
            Show older
          </Button>
        </div>
      )}
    </div>
  );
}
