import type { LagCorrelation } from "../../api/types";
import { cx } from "../../ui/cx";
import { linearScale } from "./scale";

const r2 = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" });

// r runs from -1 (bottom) to 1 (top); 0 is the line across the middle.
const y = linearScale([-1, 1], [100, 0]);

/**
 * CorrelationChart shows Pearson's r at each lag, metric week t against
 * outcome week t+lag, with its 95% interval as a whisker.
 */
export function CorrelationChart({ title, lags }: { title: string; lags: LagCorrelation[] }) {
  const best = lags.reduce<LagCorrelation | null>((b, l) => (l.r !== null && (b === null || Math.abs(l.r) > Math.abs(b.r ?? 0)) ? l : b), null);
  return (
    <figure className="min-w-0" data-testid="correlation-chart" aria-label={title}>
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-medium text-slate-800">{title}</span>
        <span className="text-[13px] text-slate-500">
          {best ? (
            <>
              strongest at {best.lag} {best.lag === 1 ? "week" : "weeks"}: r = <span className="font-semibold text-slate-900">{r2.format(best.r!)}</span> (n={best.n})
            </>
          ) : (
            "too few weeks to correlate"
          )}
        </span>
      </figcaption>
      <div className="grid grid-cols-[1.75rem_minmax(0,1fr)] gap-x-1">
        <div className="relative h-40 text-[11px] text-slate-500" aria-hidden="true">
          {[1, 0.5, 0, -0.5, -1].map((v) => (
            <span key={v} className="absolute right-0 -translate-y-1/2 tabular-nums" style={{ top: `${y(v)}%` }}>{v}</span>
          ))}
        </div>
        <div className="relative h-40 border-l border-slate-200">
          {[1, 0.5, -0.5, -1].map((v) => (
            <span key={v} className="absolute inset-x-0 border-t border-slate-100" style={{ top: `${y(v)}%` }} aria-hidden="true" />
          ))}
          <span className="absolute inset-x-0 border-t border-slate-400" style={{ top: `${y(0)}%` }} aria-hidden="true" />
          <ol className="absolute inset-0 flex">
            {lags.map((l) => (
              <li
                key={l.lag}
                className="relative flex-1"
                data-testid="lag"
                title={l.r === null ? `lag ${l.lag}: not enough weeks` : `lag ${l.lag}: r = ${r2.format(l.r)} (95% ${r2.format(l.low ?? 0)} to ${r2.format(l.high ?? 0)}), n=${l.n}`}
              >
                <span className="sr-only">{l.r === null ? `Lag ${l.lag}: not enough weeks` : `Lag ${l.lag}: r ${r2.format(l.r)}`}</span>
                {l.r !== null && (
                  <>
                    {l.low !== null && l.high !== null && (
                      <span className="absolute left-1/2 w-px -translate-x-1/2 bg-slate-500" style={{ top: `${y(l.high)}%`, height: `${y(l.low) - y(l.high)}%` }} />
                    )}
                    <span
                      className={cx("absolute left-1/2 size-2 -translate-x-1/2 -translate-y-1/2 rounded-full", l.r >= 0 ? "bg-brand-600" : "bg-red-500")}
                      style={{ top: `${y(l.r)}%` }}
                    />
                  </>
                )}
              </li>
            ))}
          </ol>
        </div>
        <span />
        <div className="flex text-[11px] text-slate-500" aria-hidden="true">
          {lags.map((l) => (
            <span key={l.lag} className="flex-1 text-center tabular-nums">{l.lag}</span>
          ))}
        </div>
        <span />
        <p className="mt-0.5 text-center text-xs text-slate-500">weeks the metric leads</p>
      </div>
    </figure>
  );
}
