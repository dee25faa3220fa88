import type { TimelineEvent, TimelineMerge, TimelineSession } from "../../api/types";
import { formatDateTime, relative } from "../../lib/format";
import { pageCount } from "../source/source";

/** sessionLabel summarises a visit: where it came from and how much it saw. */
export function sessionLabel(s: TimelineSession): string {
  return `Visited from ${s.channel || "an unknown channel"} · ${pageCount(s.page_views)}`;
}

function When({ at }: { at: string }) {
  return (
    <time className="text-xs text-slate-500" dateTime={at} title={formatDateTime(at)}>
      {relative(at)}
    </time>
  );
}

/** SessionItem shows a tracked visit and its pages; tracked values are text, never markup. */
export function SessionItem({ s }: { s: TimelineSession }) {
  return (
    <div className="min-w-0 pt-1" data-testid="timeline-session">
      <p className="font-medium text-slate-900">{sessionLabel(s)}</p>
      {s.pages.length > 0 && (
        <ul className="mt-1 text-sm break-all text-slate-600">
          {s.pages.map((p, i) => (
            <li key={i}>{p.title || p.url}</li>
          ))}
        </ul>
      )}
      <When at={s.started_at} />
    </div>
  );
}

/** EventItem shows a tracked event by its name. */
export function EventItem({ ev }: { ev: TimelineEvent }) {
  return (
    <div className="min-w-0 pt-1" data-testid="timeline-event">
      <p className="font-medium break-words text-slate-900">{ev.event}</p>
      <When at={ev.timestamp} />
    </div>
  );
}

/** mergeLabel names the contact merged into this one by what it was known by. */
export function mergeLabel(m: TimelineMerge): string {
  const who = [m.name, m.email ?? m.user_id].filter(Boolean).join(" · ") || "another contact";
  return `Merged with ${who}`;
}

/** MergeItem shows a contact merged into this one, and which tracking call showed they are one person. */
export function MergeItem({ m, at }: { m: TimelineMerge; at: string }) {
  return (
    <div className="min-w-0 pt-1" data-testid="timeline-merge">
      <p className="font-medium break-words text-slate-900">{mergeLabel(m)}</p>
      <p className="text-sm text-slate-600">{m.reason === "alias" ? "The site said both identities are one person." : "The same person identified with both."}</p>
      <When at={at} />
    </div>
  );
}
