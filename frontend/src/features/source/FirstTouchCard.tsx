import type { ReactNode } from "react";
import type { FirstTouch } from "../../api/types";
import { formatDateTime } from "../../lib/format";
import { Badge } from "../../ui/Badge";
import { RelatedCard } from "../records/RecordLayout";
import { deviceLabel, sourceMedium } from "./source";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-2 py-1">
      <dt className="text-[13px] text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-700">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-400">None</span>;

/** FirstTouchDetails says how a person first arrived; tracked values are text, never markup. */
export function FirstTouchDetails({ touch, via }: { touch: FirstTouch | null; via?: ReactNode }) {
  if (!touch)
    return (
      <div className="py-1.5" data-testid="first-touch">
        <p className="font-medium text-slate-700">Not tracked</p>
        <p className="text-[13px] text-slate-500">No tracked visit came before it.</p>
      </div>
    );
  return (
    <dl data-testid="first-touch">
      <Row label="Channel">
        <Badge tone="sky">{touch.channel}</Badge>
      </Row>
      <Row label="Source">{sourceMedium(touch.source, touch.medium) || none}</Row>
      <Row label="Campaign">{touch.campaign || none}</Row>
      <Row label="Landing page">{touch.landing_page ? <span className="break-all">{touch.landing_page}</span> : none}</Row>
      <Row label="Device">{deviceLabel(touch.device_type)}</Row>
      <Row label="When">
        <time dateTime={touch.occurred_at}>{formatDateTime(touch.occurred_at)}</time>
      </Row>
      {via && <Row label="Via">{via}</Row>}
    </dl>
  );
}

/** FirstTouchCard is the first-touch source beside a record. */
export function FirstTouchCard({ touch, via }: { touch: FirstTouch | null; via?: ReactNode }) {
  return (
    <RelatedCard title="First touch">
      <FirstTouchDetails touch={touch} via={via} />
    </RelatedCard>
  );
}
