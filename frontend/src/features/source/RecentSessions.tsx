import type { TimelineSession } from "../../api/types";
import { formatDateTime, relative } from "../../lib/format";
import { Badge } from "../../ui/Badge";
import { Skeleton } from "../../ui/Feedback";
import { RelatedCard } from "../records/RecordLayout";
import { useTimeline, type RecordKind } from "../timeline/useTimeline";
import { deviceLabel, pageCount, recentSessions, sourceMedium } from "./source";

/** How many visits and, per visit, how many pages the card lists; the timeline has them all. */
const SESSIONS = 3;
const PAGES = 3;

/** SessionSummary is one tracked visit: channel, origin, device and its first pages, as text. */
export function SessionSummary({ s }: { s: TimelineSession }) {
  const origin = [sourceMedium(s.source, s.medium), s.campaign].filter(Boolean).join(" · ");
  const shown = s.pages.slice(0, PAGES);
  const more = Math.max(s.page_views, s.pages.length) - shown.length;
  return (
    <li className="min-w-0 py-2" data-testid="recent-session">
      <div className="flex items-center justify-between gap-2">
        <Badge tone="sky">{s.channel || "Unassigned"}</Badge>
        <time className="shrink-0 text-xs text-slate-500" dateTime={s.started_at} title={formatDateTime(s.started_at)}>
          {relative(s.started_at)}
        </time>
      </div>
      {origin && <p className="mt-1 break-words text-[13px] text-slate-600">{origin}</p>}
      <p className="text-[13px] text-slate-500">
        {deviceLabel(s.device_type)} · {pageCount(s.page_views)}
      </p>
      {shown.length > 0 && (
        <ol className="mt-1 text-[13px] text-slate-700" aria-label="Pages">
          {shown.map((p, i) => (
            <li key={i} className="truncate" title={p.url}>
              {p.title || p.url}
            </li>
          ))}
        </ol>
      )}
      {more > 0 && <p className="text-xs text-slate-500">and {more} more</p>}
    </li>
  );
}

/**
 * RecentSessionsCard lists a record's latest tracked visits. It reads the
 * timeline query the page already runs, so it costs no request of its own.
 */
export function RecentSessionsCard({ entity, id }: { entity: RecordKind; id: string }) {
  return (
    <RelatedCard title="Recent sessions">
      <RecentSessions entity={entity} id={id} />
    </RelatedCard>
  );
}

function RecentSessions({ entity, id }: { entity: RecordKind; id: string }) {
  const q = useTimeline(entity, id);
  if (q.isPending) return <Skeleton className="my-1.5 h-8" />;
  if (q.error) return <p className="py-1.5 text-red-600">{q.error.message}</p>;
  const sessions = recentSessions(q.data.pages.flatMap((p) => p.data), SESSIONS);
  if (sessions.length === 0) return <p className="py-1.5 text-slate-500">No tracked visits yet.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {sessions.map((s) => (
        <SessionSummary key={s.id} s={s} />
      ))}
    </ul>
  );
}
