import { inputClass } from "../../ui/Field";
import { cx } from "../../ui/cx";
import { isDay, PRESETS, type Preset } from "./filters";
import { usePeriod } from "./useReportFilters";

const presetLabel: Record<Preset, string> = { 30: "30 days", 90: "90 days", 180: "180 days", 365: "1 year" };

/** PeriodBar is the date range every dashboard shares: a rolling preset or two days. */
export function PeriodBar() {
  const { period, days, setPeriod } = usePeriod();
  const active = "preset" in period ? period.preset : null;

  function setDay(which: "from" | "to", v: string) {
    if (!isDay(v)) return;
    const next = { ...days, [which]: v };
    // Moving one end past the other drags the other along, so the range stays valid.
    if (next.from > next.to) next[which === "from" ? "to" : "from"] = v;
    setPeriod(next);
  }

  return (
    <div className="mb-4 flex flex-wrap items-end gap-3" role="group" aria-label="Period">
      <div className="flex w-full rounded-lg bg-white p-0.5 ring-1 ring-slate-300 sm:w-auto" role="group" aria-label="Last">
        {PRESETS.map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={active === p}
            onClick={() => setPeriod({ preset: p })}
            className={cx("flex-1 rounded-md px-3 py-1.5 text-[13px] font-medium whitespace-nowrap", active === p ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100")}
          >
            {presetLabel[p]}
          </button>
        ))}
      </div>
      <div className="flex w-full items-center gap-2 sm:w-auto">
        <label className="min-w-0 flex-1">
          <span className="sr-only">From</span>
          <input type="date" value={days.from} max={days.to} onChange={(e) => setDay("from", e.target.value)} className={cx(inputClass, "py-1.5")} />
        </label>
        <span className="text-slate-400" aria-hidden="true">
          –
        </span>
        <label className="min-w-0 flex-1">
          <span className="sr-only">To</span>
          <input type="date" value={days.to} min={days.from} onChange={(e) => setDay("to", e.target.value)} className={cx(inputClass, "py-1.5")} />
        </label>
      </div>
      <p className="text-xs text-slate-500">Days in UTC, both ends included.</p>
    </div>
  );
}
