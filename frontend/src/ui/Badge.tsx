import type { ReactNode } from "react";
import { cx } from "./cx";

const tones = {
  slate: "bg-slate-100 text-slate-700",
  brand: "bg-brand-50 text-brand-700",
  green: "bg-emerald-50 text-emerald-700",
  red: "bg-red-50 text-red-700",
  amber: "bg-amber-50 text-amber-800",
  sky: "bg-sky-50 text-sky-700",
};

export type Tone = keyof typeof tones;

export function Badge({ tone = "slate", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={cx("inline-flex items-center rounded-md px-1.5 py-0.5 text-xs font-medium whitespace-nowrap", tones[tone])}>{children}</span>;
}

export const phaseTone: Record<string, Tone> = {
  lead: "slate",
  qualified: "sky",
  opportunity: "brand",
  won: "green",
  lost: "red",
  customer: "green",
  churned: "amber",
};
