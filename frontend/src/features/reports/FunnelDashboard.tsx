import type { FunnelReport, FunnelSegment, FunnelStep } from "../../api/types";
import { cx } from "../../ui/cx";
import { funnelBars, type FunnelBar } from "./funnelBars";
import { formatRate, splitLabel } from "./labels";
import { csvName, csvUrl, funnelOptions, funnelQuery } from "./queries";
import { Controls, SelectControl } from "./Controls";
import { ReportFrame } from "./ReportFrame";
import { useFunnelReport } from "./reportApi";
import { useOptions, usePeriod } from "./useReportFilters";

const count = new Intl.NumberFormat();

function Bar({ bar }: { bar: FunnelBar }) {
  const { step, width, exit } = bar;
  return (
    <li data-testid="funnel-step" data-phase={step.phase}>
      <div className="mb-1 flex items-baseline justify-between gap-3 text-[13px]">
        <span className="min-w-0 truncate font-medium text-slate-800">{step.name}</span>
        <span className="shrink-0 tabular-nums">
          <span className="font-semibold text-slate-900" data-testid="funnel-reached">
            {count.format(step.reached)}
          </span>
          {!exit && (
            <span className="ml-2 text-slate-500" title={`${formatRate(step.from_start)} of the first step`}>
              {step.from_previous === null ? "" : `${formatRate(step.from_previous)} from previous`}
            </span>
          )}
        </span>
      </div>
      <div className="h-3 overflow-hidden rounded-full bg-slate-100">
        <div className={cx("h-full rounded-full", exit ? "bg-red-300" : "bg-brand-500")} style={{ width: `${width}%` }} />
      </div>
    </li>
  );
}

function Steps({ steps }: { steps: FunnelStep[] }) {
  const bars = funnelBars(steps);
  const main = bars.filter((b) => !b.exit);
  const exits = bars.filter((b) => b.exit);
  return (
    <>
      <ol className="flex flex-col gap-3">
        {main.map((b) => (
          <Bar key={b.step.stage_id ?? b.step.phase} bar={b} />
        ))}
      </ol>
      {exits.length > 0 && (
        <>
          <h4 className="mt-4 mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Exits</h4>
          <ul className="flex flex-col gap-3">
            {exits.map((b) => (
              <Bar key={b.step.stage_id ?? b.step.phase} bar={b} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Segment({ segment, view, split }: { segment: FunnelSegment; view: "phases" | "stages"; split: boolean }) {
  return (
    <div className={cx(split && "rounded-lg p-3 ring-1 ring-slate-200")} data-testid="funnel-segment">
      {split && (
        <h3 className="mb-3 flex items-baseline justify-between gap-2">
          <span className="min-w-0 truncate font-semibold text-slate-900">{segment.key}</span>
          <span className="shrink-0 text-[13px] text-slate-500">{count.format(segment.prospects)} prospects</span>
        </h3>
      )}
      <Steps steps={view === "phases" ? segment.phases : segment.stages} />
    </div>
  );
}

const isEmpty = (r: FunnelReport) => r.segments.every((s) => s.prospects === 0 && [...s.phases, ...s.stages].every((st) => st.reached === 0));

/** FunnelDashboard: how many prospects reached each phase or stage, and how many went on. */
export function FunnelDashboard() {
  const { days } = usePeriod();
  const [o, set] = useOptions(funnelOptions);
  const query = funnelQuery(days, o);
  const report = useFunnelReport(query);
  const split = o.split_by !== "none";

  return (
    <>
      <Controls>
        <SelectControl label="Count" value={o.basis} options={{ cohort: "Prospects opened in the period", period: "Stage entries in the period" }} onChange={(v) => set("basis", v)} />
        <SelectControl label="Split by" value={o.split_by} options={splitLabel} onChange={(v) => set("split_by", v)} />
        <SelectControl label="Show" value={o.view} options={{ phases: "Phases", stages: "Stages" }} onChange={(v) => set("view", v)} />
      </Controls>
      <ReportFrame
        title="Funnel"
        description={
          o.basis === "cohort"
            ? "Prospects opened in the period, by the furthest step they reached since. A skipped step counts as passed."
            : "Entries into each step during the period, whenever the prospect opened."
        }
        csv={{ path: csvUrl("/api/v1/reports/funnel", query), filename: csvName("funnel", days) }}
        query={report}
        isEmpty={isEmpty}
      >
        {(r) => (
          <div className={cx(split ? "grid gap-4 md:grid-cols-2" : "max-w-3xl")}>
            {r.segments.map((s) => (
              <Segment key={s.key} segment={s} view={o.view} split={split} />
            ))}
          </div>
        )}
      </ReportFrame>
    </>
  );
}
