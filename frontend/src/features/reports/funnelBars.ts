import type { FunnelStep, Phase } from "../../api/types";

/** Lost and churned are exits from the funnel: counted, without a conversion rate. */
export const EXIT_PHASES: ReadonlySet<Phase> = new Set(["lost", "churned"]);

export interface FunnelBar {
  step: FunnelStep;
  /** percent of the widest step, so the first (usually largest) step fills the row */
  width: number;
  exit: boolean;
}

/** funnelBars sizes each step's bar against the largest step. */
export function funnelBars(steps: readonly FunnelStep[]): FunnelBar[] {
  const widest = Math.max(0, ...steps.map((s) => s.reached));
  return steps.map((step) => ({
    step,
    width: widest > 0 ? (step.reached / widest) * 100 : 0,
    exit: EXIT_PHASES.has(step.phase),
  }));
}
