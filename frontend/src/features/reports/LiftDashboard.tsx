import { useId } from "react";
import type { Interval, LiftReport, Phase } from "../../api/types";
import { inputClass } from "../../ui/Field";
import { Controls, SelectControl } from "./Controls";
import { ForestPlot, intervalText, type ForestRow } from "./ForestPlot";
import { formatRate, formatRatio, keysOf, outcomeLabel, splitLabel, touchpointTypeLabel } from "./labels";
import { csvName, csvUrl, liftOptions, liftQuery } from "./queries";
import { ReportFrame, TableBox, td, th, theadClass } from "./ReportFrame";
import { useCampaigns, useLiftReport } from "./reportApi";
import { useOptions, usePeriod } from "./useReportFilters";

export const OBSERVATIONAL =
  "Observational: exposed prospects may differ in other ways; this shows association, not proof that the exposure caused the outcome.";

const count = new Intl.NumberFormat();
const points = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, signDisplay: "exceptZero" });

function ExposurePicker({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const id = useId();
  const campaigns = useCampaigns();
  const chosenCampaign = value.startsWith("campaign:") ? value.slice(9) : null;
  const known = !chosenCampaign || (campaigns.data ?? []).some((c) => c.id === chosenCampaign);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-[13px] font-medium text-slate-700">Exposure</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} pr-8 sm:w-auto`}>
        <optgroup label="A touch of type">
          {keysOf(touchpointTypeLabel).map((t) => (
            <option key={t} value={t}>{touchpointTypeLabel[t]}</option>
          ))}
        </optgroup>
        <optgroup label="A touch of campaign">
          {!known && <option value={value}>A campaign from the link</option>}
          {(campaigns.data ?? []).map((c) => (
            <option key={c.id} value={`campaign:${c.id}`}>{c.name}</option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}

function exposureName(exposure: string): string {
  const [kind, ...rest] = exposure.split(":");
  const name = rest.join(":");
  if (kind === "type") return `a touch of type “${touchpointTypeLabel[name as keyof typeof touchpointTypeLabel] ?? name}”`;
  return `campaign “${name}”`;
}

const outcomePhrase: Record<string, string> = { qualified: "were qualified", opportunity: "became opportunities", won: "were won", customer: "became customers" };

function Headline({ r }: { r: LiftReport }) {
  const rr = r.stratified?.risk_ratio ?? r.crude.risk_ratio;
  if (!rr) return <p className="text-slate-700">Too few prospects on one side to compare.</p>;
  const adjusted = r.stratified?.risk_ratio ? `, comparing within each ${splitLabel[r.stratify_by].toLowerCase()}` : "";
  return (
    <p className="text-[15px] text-slate-800" data-testid="lift-headline">
      Prospects exposed to {exposureName(r.exposure)} {outcomePhrase[r.outcome] ?? `reached ${r.outcome}`} <strong>{formatRatio(rr.estimate)}×</strong> as often as the others{adjusted} (95% interval{" "}
      {formatRatio(rr.low)} to {formatRatio(rr.high)}).
    </p>
  );
}

function Arms({ r }: { r: LiftReport }) {
  const outcome = outcomeLabel[r.outcome] ?? r.outcome;
  const rows = [
    { label: "Exposed", arm: r.exposed },
    { label: "Not exposed", arm: r.unexposed },
  ];
  return (
    <TableBox label="Exposed and not exposed">
      <table className="w-full min-w-[20rem] border-collapse text-left text-[13px]">
        <thead className={theadClass}>
          <tr>
            <th scope="col" className={th}>Prospects</th>
            <th scope="col" className={`${th} text-right`}>Count</th>
            <th scope="col" className={`${th} text-right`}>Reached {outcome.toLowerCase()}</th>
            <th scope="col" className={`${th} text-right`}>Rate</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(({ label, arm }) => (
            <tr key={label} data-testid="lift-arm">
              <th scope="row" className={`${td} font-medium`}>{label}</th>
              <td className={`${td} text-right`}>{count.format(arm.prospects)}</td>
              <td className={`${td} text-right`}>{count.format(arm.outcomes)}</td>
              <td className={`${td} text-right font-semibold`}>{formatRate(arm.prospects > 0 ? arm.rate : null)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}

const liftText = (i: Interval | null) => (i ? `${points.format(i.estimate * 100)}% (${points.format(i.low * 100)}% to ${points.format(i.high * 100)}%)` : "not estimable");
const diffText = (i: Interval | null) => (i ? `${points.format(i.estimate * 100)} pts (${points.format(i.low * 100)} to ${points.format(i.high * 100)})` : "not estimable");

function Estimates({ r }: { r: LiftReport }) {
  const sets = [{ label: "All prospects", e: r.crude }, ...(r.stratified ? [{ label: `Adjusted for ${splitLabel[r.stratify_by].toLowerCase()}`, e: r.stratified }] : [])];
  return (
    <TableBox label="Estimates">
      <table className="w-full min-w-[36rem] border-collapse text-left text-[13px]">
        <thead className={theadClass}>
          <tr>
            <th scope="col" className={th}>Estimate (95% interval)</th>
            <th scope="col" className={th}>Risk ratio</th>
            <th scope="col" className={th}>Relative lift</th>
            <th scope="col" className={th}>Difference in rate</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sets.map(({ label, e }) => (
            <tr key={label}>
              <th scope="row" className={`${td} font-medium`}>{label}</th>
              <td className={td}>{intervalText(e.risk_ratio)}</td>
              <td className={td}>{liftText(e.relative_lift)}</td>
              <td className={td}>{diffText(e.risk_difference)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}

export function forestRows(r: LiftReport): ForestRow[] {
  const arms = (e: { prospects: number; outcomes: number }, u: { prospects: number; outcomes: number }) =>
    `${e.outcomes}/${e.prospects} exposed · ${u.outcomes}/${u.prospects} not`;
  const rows: ForestRow[] = [{ key: "crude", label: "All prospects (crude)", detail: arms(r.exposed, r.unexposed), interval: r.crude.risk_ratio, pooled: true }];
  if (r.stratify_by !== "none") {
    rows.push({ key: "stratified", label: `Adjusted for ${splitLabel[r.stratify_by].toLowerCase()}`, detail: `Mantel–Haenszel over ${r.strata.length} groups`, interval: r.stratified?.risk_ratio ?? null, pooled: true });
    for (const s of r.strata) rows.push({ key: `s:${s.key}`, label: s.key, detail: arms(s.exposed, s.unexposed), interval: s.risk_ratio });
  }
  return rows;
}

/** LiftDashboard: how much more likely prospects touched by something are to reach an outcome. */
export function LiftDashboard() {
  const { days } = usePeriod();
  const [o, set] = useOptions(liftOptions);
  const query = liftQuery(days, o);
  const report = useLiftReport(query);

  return (
    <>
      <Controls>
        <ExposurePicker value={o.exposure} onChange={(v) => set("exposure", v)} />
        <SelectControl label="Outcome" value={o.outcome} options={outcomeLabel as Record<Phase, string>} onChange={(v) => set("outcome", v as typeof o.outcome)} />
        <SelectControl label="Compare within" value={o.stratify_by} options={{ ...splitLabel, none: "No strata" }} onChange={(v) => set("stratify_by", v)} />
      </Controls>
      <ReportFrame
        title="Lift"
        description="Prospects opened in the period, split by whether the exposure reached them before the outcome (or before the period's end)."
        csv={{ path: csvUrl("/api/v1/reports/lift", query), filename: csvName("lift", days) }}
        query={report}
        isEmpty={(r) => r.exposed.prospects + r.unexposed.prospects === 0}
      >
        {(r) => (
          <div className="flex flex-col gap-5">
            <div className="rounded-lg bg-amber-50 px-3 py-2 text-[13px] text-amber-900 ring-1 ring-amber-200" data-testid="lift-observational">
              <p className="font-medium">{OBSERVATIONAL}</p>
            </div>
            <Headline r={r} />
            <ForestPlot rows={forestRows(r)} caption="Risk ratio of reaching the outcome, exposed against not exposed, with 95% intervals (log scale)" />
            <Arms r={r} />
            <Estimates r={r} />
          </div>
        )}
      </ReportFrame>
    </>
  );
}
