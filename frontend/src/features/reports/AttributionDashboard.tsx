import { useState, type FormEvent } from "react";
import type { AttributionReport } from "../../api/types";
import { formatMoney } from "../../lib/format";
import { Button } from "../../ui/Button";
import { inputClass } from "../../ui/Field";
import { cx } from "../../ui/cx";
import { AttributionDrilldownCard } from "./AttributionDrilldown";
import { conversionLabel, formatCredit, formatRate, groupByLabel, modelLabel } from "./labels";
import { attributionOptions, attributionQuery, csvName, csvUrl, UUID } from "./queries";
import { Controls, NumberControl, SelectControl } from "./Controls";
import { ReportFrame, TableBox, td, th, theadClass } from "./ReportFrame";
import { useAttributionReport } from "./reportApi";
import { useOptions, usePeriod } from "./useReportFilters";

function Bars({ r }: { r: AttributionReport }) {
  const groups = [...r.groups].sort((a, b) => b.conversions - a.conversions);
  const widest = Math.max(0, ...groups.map((g) => g.conversions));
  return (
    <ol className="flex flex-col gap-2.5" aria-label="Credited conversions by group">
      {groups.map((g) => (
        <li key={g.key} className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)_3.5rem] items-center gap-2 text-[13px] sm:grid-cols-[minmax(0,11rem)_minmax(0,1fr)_4.5rem]" data-testid="attribution-bar">
          <span className="truncate font-medium text-slate-800" title={g.key}>{g.key || "(none)"}</span>
          <span className="h-3 overflow-hidden rounded-full bg-slate-100">
            <span className="block h-full rounded-full bg-brand-500" style={{ width: `${widest > 0 ? (g.conversions / widest) * 100 : 0}%` }} />
          </span>
          <span className="text-right font-semibold text-slate-900 tabular-nums">{formatCredit(g.conversions)}</span>
        </li>
      ))}
    </ol>
  );
}

function Table({ r }: { r: AttributionReport }) {
  const markov = r.model === "markov";
  const groups = [...r.groups].sort((a, b) => b.conversions - a.conversions);
  const money = (n: number) => formatMoney(n, r.currency);
  return (
    <TableBox label="Credited conversions and revenue">
      <table className="w-full min-w-[32rem] border-collapse text-left text-[13px]">
        <thead className={theadClass}>
          <tr>
            <th scope="col" className={th}>{groupByLabel[r.group_by]}</th>
            <th scope="col" className={`${th} text-right`}>Conversions</th>
            <th scope="col" className={`${th} text-right`}>Share</th>
            <th scope="col" className={`${th} text-right`}>Revenue ({r.currency})</th>
            {markov && <th scope="col" className={`${th} text-right`} title="How much conversion is lost without this group">Removal effect</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {groups.map((g) => (
            <tr key={g.key} data-testid="attribution-row">
              <th scope="row" className={`${td} max-w-56 truncate font-medium text-slate-800`}>{g.key || "(none)"}</th>
              <td className={`${td} text-right`} data-testid="attribution-conversions">{formatCredit(g.conversions)}</td>
              <td className={`${td} text-right text-slate-500`}>{formatRate(r.totals.conversions > 0 ? g.conversions / r.totals.conversions : null)}</td>
              <td className={`${td} text-right`} data-testid="attribution-revenue">{money(g.revenue)}</td>
              {markov && <td className={`${td} text-right`}>{formatRate(g.removal_effect ?? null)}</td>}
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t border-slate-200 font-semibold text-slate-900">
          <tr>
            <th scope="row" className={td}>Total</th>
            <td className={`${td} text-right`}>{formatCredit(r.totals.conversions)}</td>
            <td className={td} />
            <td className={`${td} text-right`}>{money(r.totals.revenue)}</td>
            {markov && <td className={td} />}
          </tr>
        </tfoot>
      </table>
    </TableBox>
  );
}

function InspectProspect({ onInspect }: { onInspect: (id: string) => void }) {
  const [text, setText] = useState("");
  const id = text.trim();
  const valid = UUID.test(id);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (valid) onInspect(id.toLowerCase());
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
      <label className="flex min-w-0 flex-1 basis-64 flex-col gap-1">
        <span className="text-[13px] font-medium text-slate-700">Inspect a prospect</span>
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Prospect id, from its page"
          spellCheck={false}
          aria-invalid={id !== "" && !valid}
          className={cx(inputClass, "font-mono", id !== "" && !valid && "ring-red-400")}
        />
      </label>
      <Button type="submit" disabled={!valid}>Show its touches</Button>
    </form>
  );
}

/** AttributionDashboard: which channels, campaigns or touches earned the conversions, under any model. */
export function AttributionDashboard() {
  const { days } = usePeriod();
  const [o, set] = useOptions(attributionOptions);
  const query = attributionQuery(days, o);
  const report = useAttributionReport(query);

  return (
    <>
      <Controls>
        <SelectControl label="Model" value={o.model} options={modelLabel} onChange={(v) => set("model", v)} />
        <SelectControl label="Conversion" value={o.conversion} options={conversionLabel} onChange={(v) => set("conversion", v)} />
        <SelectControl label="Group by" value={o.group_by} options={groupByLabel} onChange={(v) => set("group_by", v)} />
        <NumberControl label="Lookback" unit="days" value={o.lookback_days} min={1} max={730} onChange={(v) => set("lookback_days", v)} />
        {o.model === "time_decay" && <NumberControl label="Half-life" unit="days" value={o.half_life_days} min={0.01} max={365} step={0.01} onChange={(v) => set("half_life_days", v)} />}
      </Controls>
      <div className="flex flex-col gap-4">
        {o.prospect && <AttributionDrilldownCard id={o.prospect} query={query} days={days} onClose={() => set("prospect", "")} />}
        <ReportFrame
          title={`Attribution · ${modelLabel[o.model]}`}
          description={`Conversions (${conversionLabel[o.conversion].toLowerCase()}) in the period, credited to the touches of the ${o.lookback_days} days before each.`}
          csv={{ path: csvUrl("/api/v1/reports/attribution", query), filename: csvName(`attribution-${o.model}`, days) }}
          query={report}
          isEmpty={(r) => r.totals.conversions === 0 && r.unattributed.conversions === 0}
        >
          {(r) => (
            <div className="flex flex-col gap-5">
              <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                <Figure label="Conversions credited" value={formatCredit(r.totals.conversions)} testid="attribution-total" />
                <Figure label="Revenue credited" value={formatMoney(r.totals.revenue, r.currency)} />
                <Figure label="Without a touch in the window" value={`${formatCredit(r.unattributed.conversions)} · ${formatMoney(r.unattributed.revenue, r.currency)}`} className="col-span-2 sm:col-span-1" />
              </dl>
              {r.groups.length > 0 && <Bars r={r} />}
              <Table r={r} />
            </div>
          )}
        </ReportFrame>
        <section className="rounded-xl bg-white px-4 py-3 ring-1 ring-slate-200 sm:px-5">
          <InspectProspect onInspect={(id) => set("prospect", id)} />
        </section>
      </div>
    </>
  );
}

function Figure({ label, value, testid, className }: { label: string; value: string; testid?: string; className?: string }) {
  return (
    <div className={cx("min-w-0 rounded-lg bg-slate-50 px-3 py-2", className)}>
      <dt className="truncate text-xs text-slate-500">{label}</dt>
      <dd className="truncate text-base font-semibold text-slate-900 tabular-nums" data-testid={testid}>{value}</dd>
    </div>
  );
}
