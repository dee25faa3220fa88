import type { Interval } from "../../api/types";
import { cx } from "../../ui/cx";
import { formatRatio } from "./labels";
import { forestMark, logScale, logTicks, ratioDomain } from "./scale";

export interface ForestRow {
  key: string;
  label: string;
  /** a second line: the row's counts */
  detail?: string;
  interval: Interval | null;
  /** a pooled estimate (all prospects, or adjusted), drawn as a diamond */
  pooled?: boolean;
}

const tickFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2 });

export function intervalText(i: Interval | null): string {
  return i ? `${formatRatio(i.estimate)} (${formatRatio(i.low)}–${formatRatio(i.high)})` : "not estimable";
}

function Mark({ interval, domain, pooled }: { interval: Interval; domain: [number, number]; pooled?: boolean }) {
  const m = forestMark(interval, domain);
  return (
    <>
      <span className="absolute top-1/2 h-0.5 -translate-y-1/2 bg-slate-600" style={{ left: `${m.low}%`, width: `${m.high - m.low}%` }} data-testid="forest-ci" />
      {m.cutLow && <span className="absolute top-1/2 left-0 -translate-y-1/2 border-y-4 border-r-6 border-y-transparent border-r-slate-600" data-testid="forest-cut-low" title="The interval goes on past the axis" />}
      {m.cutHigh && <span className="absolute top-1/2 right-0 -translate-y-1/2 border-y-4 border-l-6 border-y-transparent border-l-slate-600" data-testid="forest-cut-high" title="The interval goes on past the axis" />}
      <span
        className={cx("absolute top-1/2 -translate-x-1/2 -translate-y-1/2", pooled ? "size-3 rotate-45 bg-brand-700" : "size-2.5 bg-brand-500")}
        style={{ left: `${m.x}%` }}
        data-testid="forest-estimate"
      />
    </>
  );
}

/**
 * ForestPlot draws risk ratios with their 95% intervals on a log axis, so a
 * halving and a doubling are the same distance from the line at 1 (no
 * difference). Intervals wider than the axis are cut at its edge with an arrow.
 */
export function ForestPlot({ rows, caption }: { rows: ForestRow[]; caption: string }) {
  const domain = ratioDomain(rows.flatMap((r) => (r.interval ? [r.interval] : [])));
  const x = logScale(domain);
  const ticks = logTicks(domain);
  const one = x(1);
  // A phone stacks each row's words above its plot, so the plot gets the full width.
  const grid = "grid grid-cols-1 gap-x-3 sm:grid-cols-[minmax(0,12rem)_minmax(0,1fr)_9rem]";

  return (
    <figure aria-label={caption} data-testid="forest-plot">
      <div className={cx(grid, "mb-1 hidden text-xs font-medium tracking-wide text-slate-500 uppercase sm:grid")} aria-hidden="true">
        <span />
        <span />
        <span className="text-right">Ratio (95% CI)</span>
      </div>
      <ul>
        {rows.map((r) => (
          <li key={r.key} className={cx(grid, "items-center py-1.5 sm:py-1", r.pooled && "font-semibold")} data-testid="forest-row" aria-label={`${r.label}: ${intervalText(r.interval)}`}>
            <span className="flex min-w-0 items-start justify-between gap-3 text-[13px]">
              <span className="min-w-0">
                <span className="block truncate text-slate-800" title={r.label}>{r.label}</span>
                {r.detail && <span className="block truncate text-xs font-normal text-slate-500">{r.detail}</span>}
              </span>
              <span className="shrink-0 tabular-nums sm:hidden">{intervalText(r.interval)}</span>
            </span>
            <span className="relative h-8" aria-hidden="true">
              <span className="absolute inset-y-0 border-l border-dashed border-slate-400" style={{ left: `${one}%` }} />
              {r.interval ? (
                <Mark interval={r.interval} domain={domain} pooled={r.pooled} />
              ) : (
                <span className="absolute inset-0 flex items-center justify-center text-xs text-slate-400 italic">not estimable</span>
              )}
            </span>
            <span className="hidden text-right text-[13px] tabular-nums sm:block" data-testid="forest-text">{intervalText(r.interval)}</span>
          </li>
        ))}
      </ul>
      <div className={grid} aria-hidden="true">
        <span className="hidden sm:block" />
        <span className="relative h-5 border-t border-slate-300 text-[11px] text-slate-500">
          {ticks.map((t) => (
            <span key={t} className="absolute top-0.5 -translate-x-1/2 tabular-nums" style={{ left: `${x(t)}%` }}>
              {tickFormat.format(t)}
            </span>
          ))}
        </span>
      </div>
      <figcaption className={cx(grid, "mt-1 text-xs text-slate-500")}>
        <span className="hidden sm:block" />
        <span className="flex justify-between gap-2">
          <span>← less likely if exposed</span>
          <span className="text-right">more likely →</span>
        </span>
      </figcaption>
    </figure>
  );
}
