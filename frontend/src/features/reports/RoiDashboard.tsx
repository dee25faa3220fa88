import type { RoiCampaign, RoiReport } from "../../api/types";
import { formatMoney } from "../../lib/format";
import { Controls, NumberControl, SelectControl } from "./Controls";
import { formatCredit, modelLabel } from "./labels";
import { csvName, csvUrl, roiOptions, roiQuery } from "./queries";
import { EmptyReport, ReportFrame, TableBox, td, th, theadClass } from "./ReportFrame";
import { useRoiReport } from "./reportApi";
import { useOptions, usePeriod } from "./useReportFilters";

const roas = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function Row({ c, currency, total }: { c: RoiCampaign; currency: string; total?: boolean }) {
  const money = (n: number | null) => (n === null ? "—" : formatMoney(n, currency));
  return (
    <tr data-testid={total ? "roi-total" : "roi-row"}>
      <th scope="row" className={`${td} max-w-56 truncate ${total ? "" : "font-medium text-slate-800"}`} title={c.name}>
        {total ? "Total" : c.name}
        {!total && c.channel && <span className="ml-1.5 font-normal text-slate-500">{c.channel}</span>}
      </th>
      <td className={`${td} text-right`}>{money(c.spend)}</td>
      <td className={`${td} text-right`}>{formatCredit(c.leads)}</td>
      <td className={`${td} text-right`}>{formatCredit(c.won)}</td>
      <td className={`${td} text-right`}>{money(c.revenue)}</td>
      <td className={`${td} text-right font-semibold`} data-testid="roi-roas">{c.roas === null ? "—" : `${roas.format(c.roas)}×`}</td>
      <td className={`${td} text-right`}>{money(c.cost_per_lead)}</td>
      <td className={`${td} text-right`}>{money(c.cost_per_won)}</td>
    </tr>
  );
}

function Table({ r }: { r: RoiReport }) {
  const head = ["Spend", "Leads", "Won", "Revenue", "ROAS", "Cost per lead", "Cost per won"];
  return (
    <TableBox label="Return on campaign spend">
      <table className="w-full min-w-[48rem] border-collapse text-left text-[13px]">
        <thead className={theadClass}>
          <tr>
            <th scope="col" className={th}>Campaign</th>
            {head.map((h) => (
              <th key={h} scope="col" className={`${th} text-right`}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {r.campaigns.map((c) => (
            <Row key={c.campaign_id} c={c} currency={r.currency} />
          ))}
        </tbody>
        <tfoot className="border-t border-slate-200 font-semibold text-slate-900">
          <Row c={r.totals} currency={r.currency} total />
        </tfoot>
      </table>
    </TableBox>
  );
}

/** RoiDashboard: what each campaign cost against the revenue credited to it. */
export function RoiDashboard() {
  const { days } = usePeriod();
  const [o, set] = useOptions(roiOptions);
  const query = roiQuery(days, o);
  const report = useRoiReport(query);
  return (
    <>
      <Controls>
        <SelectControl label="Attribution model" value={o.model} options={modelLabel} onChange={(v) => set("model", v)} />
        {o.model === "time_decay" && <NumberControl label="Half-life" unit="days" value={o.half_life_days} min={0.01} max={365} step={0.01} onChange={(v) => set("half_life_days", v)} />}
      </Controls>
      <ReportFrame
        title={`ROI · ${modelLabel[o.model]}`}
        description="Spend in the period (periods that overlap it count by day) against the leads, won prospects and revenue credited to each campaign. ROAS is revenue over spend."
        csv={{ path: csvUrl("/api/v1/reports/roi", query), filename: csvName(`roi-${o.model}`, days) }}
        query={report}
        isEmpty={(r) => r.campaigns.length === 0}
        empty={<EmptyReport title="No campaigns with spend or conversions in this period" />}
      >
        {(r) => <Table r={r} />}
      </ReportFrame>
    </>
  );
}
