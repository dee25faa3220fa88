import type { Distribution, VelocityReport } from "../../api/types";
import { cx } from "../../ui/cx";
import { formatDuration, timeDomain, timeTicks } from "./duration";
import { csvName, csvUrl, velocityQuery } from "./queries";
import { ReportFrame, TableBox, td, th, theadClass } from "./ReportFrame";
import { useVelocityReport } from "./reportApi";
import { logScale } from "./scale";
import { usePeriod } from "./useReportFilters";

interface Row {
  key: string;
  label: string;
  d: Distribution;
  /** time in one stage, rather than over the whole journey */
  stage?: boolean;
}

function rowsOf(r: VelocityReport): { overall: Row[]; stages: Row[] } {
  return {
    overall: [
      { key: "first_touch_to_won", label: "First touch → won", d: r.first_touch_to_won },
      { key: "opened_to_won", label: "Opened → won", d: r.opened_to_won },
      { key: "opened_to_closed", label: "Opened → won or lost", d: r.opened_to_closed },
    ],
    stages: r.stages.map((s) => ({ key: s.stage_id, label: s.name, d: s.time_in_stage, stage: true })),
  };
}

// Box from p25 to p75, a tick at the median, a whisker on to p90.
function BoxRow({ row, x, ticks }: { row: Row; x: (s: number) => number; ticks: number[] }) {
  const { d } = row;
  return (
    <li data-testid="velocity-row">
      <div className="mb-1 flex items-baseline justify-between gap-3 text-[13px]">
        <span className="min-w-0 truncate font-medium text-slate-800">{row.label}</span>
        <span className="shrink-0 text-slate-500 tabular-nums">
          {d.count === 0 ? (
            "none yet"
          ) : (
            <>
              median <span className="font-semibold text-slate-900" data-testid="velocity-median">{formatDuration(d.median)}</span> · n={d.count}
            </>
          )}
        </span>
      </div>
      <div className="relative h-5 rounded bg-slate-50" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t} className="absolute inset-y-0 w-px bg-slate-200" style={{ left: `${x(t)}%` }} />
        ))}
        {d.count > 0 && (
          <>
            <span className="absolute top-1/2 h-px bg-slate-500" style={{ left: `${x(d.p75)}%`, width: `${Math.max(0, x(d.p90) - x(d.p75))}%` }} />
            <span className="absolute top-1/4 h-1/2 w-px bg-slate-500" style={{ left: `${x(d.p90)}%` }} />
            <span
              className="absolute inset-y-0.5 rounded-sm bg-brand-100 ring-1 ring-brand-500 ring-inset"
              style={{ left: `${x(d.p25)}%`, width: `max(3px, ${x(d.p75) - x(d.p25)}%)` }}
            />
            <span className="absolute inset-y-0 w-0.5 -translate-x-1/2 bg-brand-700" style={{ left: `${x(d.median)}%` }} />
          </>
        )}
      </div>
    </li>
  );
}

const MINOR = new Set([7 * 86_400, 30 * 86_400]);

function Axis({ x, ticks }: { x: (s: number) => number; ticks: { seconds: number; label: string }[] }) {
  return (
    <div className="relative mt-1 h-4 text-[11px] text-slate-500" aria-hidden="true">
      {ticks.map((t, i) => (
        <span
          key={t.seconds}
          // A phone has room for about five labels: with more, the week and the month go (their lines stay).
          className={cx("absolute whitespace-nowrap", ticks.length > 5 && MINOR.has(t.seconds) && "hidden sm:inline")}
          // The end labels stay inside the plot instead of hanging over its edges.
          style={{ left: `${x(t.seconds)}%`, transform: i === 0 ? "none" : i === ticks.length - 1 ? "translateX(-100%)" : "translateX(-50%)" }}
        >
          {t.label}
        </span>
      ))}
    </div>
  );
}

function Table({ rows }: { rows: Row[] }) {
  const cols = ["p25", "median", "p75", "p90", "mean"] as const;
  return (
    <TableBox label="Velocity figures">
      <table className="w-full min-w-[36rem] border-collapse text-left text-[13px]">
        <thead className={theadClass}>
          <tr>
            <th scope="col" className={th}>Time</th>
            <th scope="col" className={`${th} text-right`}>n</th>
            {cols.map((c) => (
              <th key={c} scope="col" className={`${th} text-right`}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" className={`${td} font-medium text-slate-800`}>{r.stage ? `In ${r.label}` : r.label}</th>
              <td className={`${td} text-right`}>{r.d.count}</td>
              {cols.map((c) => (
                <td key={c} className={`${td} text-right`}>{r.d.count === 0 ? "—" : formatDuration(r.d[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}

function Chart({ report }: { report: VelocityReport }) {
  const { overall, stages } = rowsOf(report);
  const all = [...overall, ...stages];
  const domain = timeDomain(all.map((r) => r.d));
  const x = logScale(domain);
  const ticks = timeTicks(domain);
  const tickSeconds = ticks.map((t) => t.seconds);
  return (
    <div className="flex flex-col gap-6">
      <p className="text-[13px] text-slate-500">
        Box: the middle half (25th to 75th percentile); line: the median; whisker: the 90th percentile. The time axis is logarithmic, so seconds and months fit on one line.
      </p>
      <div>
        <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Whole journey</h3>
        <ul className="flex flex-col gap-3">
          {overall.map((r) => (
            <BoxRow key={r.key} row={r} x={x} ticks={tickSeconds} />
          ))}
        </ul>
        <Axis x={x} ticks={ticks} />
      </div>
      {stages.length > 0 && (
        <div>
          <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Time in each stage (stays that ended)</h3>
          <ul className="flex flex-col gap-3">
            {stages.map((r) => (
              <BoxRow key={r.key} row={r} x={x} ticks={tickSeconds} />
            ))}
          </ul>
          <Axis x={x} ticks={ticks} />
        </div>
      )}
      <Table rows={all} />
    </div>
  );
}

const isEmpty = (r: VelocityReport) => [r.first_touch_to_won, r.opened_to_won, r.opened_to_closed, ...r.stages.map((s) => s.time_in_stage)].every((d) => d.count === 0);

/** VelocityDashboard: how long prospects take, as spreads rather than averages. */
export function VelocityDashboard() {
  const { days } = usePeriod();
  const query = velocityQuery(days);
  const report = useVelocityReport(query);
  return (
    <ReportFrame
      title="Velocity"
      description="Prospects opened in the period: time to win, and time spent in each stage."
      csv={{ path: csvUrl("/api/v1/reports/velocity", query), filename: csvName("velocity", days) }}
      query={report}
      isEmpty={isEmpty}
    >
      {(r) => <Chart report={r} />}
    </ReportFrame>
  );
}
