import { Link } from "react-router";
import type { AttributionDrilldown } from "../../api/types";
import { formatDateTime, formatMoney } from "../../lib/format";
import { Badge, type Tone } from "../../ui/Badge";
import { EmptyState } from "../../ui/Feedback";
import { Icon } from "../../ui/Icon";
import { useProspect } from "../records/records";
import { conversionLabel, formatCredit, modelLabel, touchpointTypeLabel } from "./labels";
import type { Days } from "./filters";
import { csvName, csvUrl, drilldownPath, type AttributionQuery } from "./queries";
import { ReportFrame, TableBox, td, th, theadClass } from "./ReportFrame";
import { useAttributionDrilldown } from "./reportApi";

const roleTone: Record<string, Tone> = { first: "sky", last: "slate", lead: "brand", opportunity: "amber", won: "green" };

// Credits are fractions of one conversion; four decimals show the small shares of long journeys.
const share = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4, minimumFractionDigits: 2 });

function Touches({ d }: { d: AttributionDrilldown }) {
  return (
    <>
      <p className="mb-3 text-[13px] text-slate-600">
        {d.converted
          ? `Converted (${conversionLabel[d.conversion].toLowerCase()}) ${d.converted_at ? formatDateTime(d.converted_at) : ""}${d.revenue > 0 ? `, worth ${formatMoney(d.revenue, d.currency)}` : ""}. Its credit, shared by ${modelLabel[d.model]}:`
          : "Not converted in this period: no credit to share. Its touches:"}
      </p>
      <TableBox label="Touches and their credit">
        <table className="w-full min-w-[40rem] border-collapse text-left text-[13px]">
          <thead className={theadClass}>
            <tr>
              <th scope="col" className={th}>When</th>
              <th scope="col" className={th}>Touch</th>
              <th scope="col" className={th}>Group</th>
              <th scope="col" className={th}>Roles</th>
              <th scope="col" className={`${th} text-right`}>Credit</th>
              <th scope="col" className={`${th} text-right`}>Revenue</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {d.touches.map((t) => (
              <tr key={t.touchpoint_id} data-testid="drilldown-touch">
                <td className={`${td} text-slate-500`}>{formatDateTime(t.occurred_at)}</td>
                <td className={td}>
                  <span className="font-medium text-slate-800">{touchpointTypeLabel[t.type]}</span>
                  <span className="ml-1.5 text-slate-500">{t.channel}</span>
                </td>
                <td className={`${td} max-w-48 truncate`} title={t.group}>{t.group || "(none)"}</td>
                <td className={td}>
                  <span className="flex gap-1">
                    {t.roles.map((role) => (
                      <Badge key={role} tone={roleTone[role]}>{role}</Badge>
                    ))}
                  </span>
                </td>
                <td className={`${td} text-right font-semibold`} data-testid="drilldown-credit">{share.format(t.conversion)}</td>
                <td className={`${td} text-right`}>{formatMoney(t.revenue, d.currency)}</td>
              </tr>
            ))}
          </tbody>
          {d.converted && (
            <tfoot className="border-t border-slate-200 font-semibold">
              <tr>
                <th scope="row" colSpan={4} className={td}>Total</th>
                <td className={`${td} text-right`}>{formatCredit(d.touches.reduce((n, t) => n + t.conversion, 0))}</td>
                <td className={`${td} text-right`}>{formatMoney(d.touches.reduce((n, t) => n + t.revenue, 0), d.currency)}</td>
              </tr>
            </tfoot>
          )}
        </table>
      </TableBox>
    </>
  );
}

/** AttributionDrilldownCard: one prospect's journey and the credit each touch got. */
export function AttributionDrilldownCard({ id, query, days, onClose }: { id: string; query: AttributionQuery; days: Days; onClose: () => void }) {
  const drill = useAttributionDrilldown(id, query);
  const prospect = useProspect(id);
  const path = drilldownPath(id);
  return (
    <div data-testid="attribution-drilldown">
      <ReportFrame
        title={`Journey of ${prospect.data?.title ?? "a prospect"}`}
        description={
          <Link to={`/prospects/${id}`} className="font-medium text-brand-700 hover:underline">
            Open the prospect
          </Link>
        }
        csv={{ path: csvUrl(path, query), filename: csvName(`attribution-prospect-${id.slice(0, 8)}`, days) }}
        actions={
          <button type="button" onClick={onClose} aria-label="Close the journey" title="Close" className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700">
            <Icon name="close" className="size-4" />
          </button>
        }
        query={drill}
        isEmpty={(d) => d.touches.length === 0}
        empty={<EmptyState title="No touches in the lookback window">This prospect had no touchpoints in the {query.lookback_days} days before its conversion.</EmptyState>}
      >
        {(d) => <Touches d={d} />}
      </ReportFrame>
    </div>
  );
}
