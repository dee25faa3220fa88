import { useEffect, useId, useState, type ReactNode } from "react";
import { inputClass } from "../../ui/Field";
import { cx } from "../../ui/cx";

const label = "text-[13px] font-medium text-slate-700";

/** Controls is a dashboard's row of filters; it wraps to full-width rows on a phone. */
export function Controls({ children }: { children: ReactNode }) {
  return <div className="mb-4 flex flex-wrap items-end gap-3 [&>*]:min-w-0 [&>*]:flex-1 [&>*]:basis-40 sm:[&>*]:flex-none sm:[&>*]:basis-auto">{children}</div>;
}

interface SelectProps<T extends string> {
  label: string;
  value: T;
  options: Record<T, string> | Partial<Record<T, string>>;
  onChange: (v: T) => void;
  children?: ReactNode;
}

/** SelectControl picks one of an enum's values by its label. */
export function SelectControl<T extends string>({ label: text, value, options, onChange, children }: SelectProps<T>) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className={label}>
        {text}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} className={cx(inputClass, "pr-8 sm:w-auto")}>
        {(Object.entries(options) as [T, string][]).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
        {children}
      </select>
    </div>
  );
}

interface NumberProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  unit?: string;
  onChange: (v: number) => void;
}

/**
 * NumberControl commits on Enter or when it loses focus, so typing "30" asks
 * for one report, not for "3" and then "30".
 */
export function NumberControl({ label: text, value, min, max, step = 1, unit, onChange }: NumberProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const n = Number(draft);
  const valid = draft.trim() !== "" && Number.isFinite(n) && n >= min && n <= max && (step < 1 || Number.isInteger(n));
  const commit = () => {
    if (valid && n !== value) onChange(n);
    else if (!valid) setDraft(String(value));
  };
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className={label}>
        {text}
      </label>
      <div className="flex items-center gap-1.5">
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={min}
          max={max}
          step={step}
          value={draft}
          aria-invalid={!valid}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === "Enter" && commit()}
          className={cx(inputClass, "sm:w-24", !valid && "ring-red-400")}
        />
        {unit && <span className="text-[13px] text-slate-500">{unit}</span>}
      </div>
    </div>
  );
}
