import type { Touchpoint } from "../../api/types";
import { formatDateTime, relative } from "../../lib/format";

/** touchLabel names a touchpoint type for people: "ad_click" → "Ad click". */
export function touchLabel(type: Touchpoint["type"]): string {
  const words = type.replace(/_/g, " ");
  return words[0]!.toUpperCase() + words.slice(1);
}

/** TouchpointItem is one marketing or sales touch: what, through which channel, from where. */
export function TouchpointItem({ tp }: { tp: Touchpoint }) {
  const origin = [tp.source && tp.medium ? `${tp.source} / ${tp.medium}` : tp.source || tp.medium, tp.campaign].filter(Boolean).join(" · ");
  return (
    <div className="min-w-0 pt-1" data-testid="timeline-touchpoint">
      <p className="text-slate-700">
        <span className="font-medium text-slate-900">{touchLabel(tp.type)}</span> via <span className="font-medium text-slate-900">{tp.channel}</span>
      </p>
      {origin && <p className="break-words text-sm text-slate-600">{origin}</p>}
      <time className="text-xs text-slate-500" dateTime={tp.occurred_at} title={formatDateTime(tp.occurred_at)}>
        {relative(tp.occurred_at)}
      </time>
    </div>
  );
}
