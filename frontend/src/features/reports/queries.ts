// One place turns a dashboard's filters into the API's query, and the chart and
// its CSV export both use it: the file always holds the rows the chart shows.
import type { operations } from "../../api/schema";
import type { TouchpointType } from "../../api/types";
import { enumOption, numberOption, textOption, type Days, type OptionValues } from "./filters";
import { conversionLabel, groupByLabel, keysOf, modelLabel, outcomeLabel, splitLabel, touchpointTypeLabel } from "./labels";

type Query<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;
export type FunnelQuery = Query<"getFunnelReport">;
export type VelocityQuery = Query<"getVelocityReport">;
export type AttributionQuery = Query<"getAttributionReport">;
export type LiftQuery = Query<"getLiftReport">;
export type RoiQuery = Query<"getRoiReport">;
export type CorrelationQuery = Query<"getMetricCorrelationReport">;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const METRIC_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

export const funnelOptions = {
  basis: enumOption(["cohort", "period"] as const, "cohort"),
  split_by: enumOption(keysOf(splitLabel), "none"),
  view: enumOption(["phases", "stages"] as const, "phases"),
};

export function funnelQuery(d: Days, o: OptionValues<typeof funnelOptions>): FunnelQuery {
  return { from: d.from, to: d.to, basis: o.basis, split_by: o.split_by };
}

export function velocityQuery(d: Days): VelocityQuery {
  return { from: d.from, to: d.to };
}

export const attributionOptions = {
  model: enumOption(keysOf(modelLabel), "linear"),
  conversion: enumOption(keysOf(conversionLabel), "won"),
  group_by: enumOption(keysOf(groupByLabel), "channel"),
  lookback_days: numberOption(1, 730, 90),
  half_life_days: numberOption(0.01, 365, 7, false),
  prospect: textOption(UUID),
};

export function attributionQuery(d: Days, o: OptionValues<typeof attributionOptions>): AttributionQuery {
  return {
    from: d.from,
    to: d.to,
    model: o.model,
    conversion: o.conversion,
    group_by: o.group_by,
    lookback_days: o.lookback_days,
    // The half-life means something only to time decay; leaving it out elsewhere keeps the CSV link honest.
    ...(o.model === "time_decay" ? { half_life_days: o.half_life_days } : {}),
  };
}

// A lift exposure is a touchpoint type or a campaign: one URL value, "ad_impression" or "campaign:<id>".
const EXPOSURE = new RegExp(`^(${keysOf(touchpointTypeLabel).join("|")}|campaign:[0-9a-f-]{36})$`);

export const liftOptions = {
  exposure: textOption(EXPOSURE, "ad_impression"),
  outcome: enumOption(keysOf(outcomeLabel), "won"),
  stratify_by: enumOption(keysOf(splitLabel), "device_type"),
};

export function liftQuery(d: Days, o: OptionValues<typeof liftOptions>): LiftQuery {
  const exposure = o.exposure.startsWith("campaign:")
    ? { exposure_campaign_id: o.exposure.slice("campaign:".length) }
    : { exposure_type: o.exposure as TouchpointType };
  return { from: d.from, to: d.to, ...exposure, outcome: o.outcome, stratify_by: o.stratify_by };
}

export const roiOptions = {
  model: attributionOptions.model,
  half_life_days: attributionOptions.half_life_days,
};

export function roiQuery(d: Days, o: OptionValues<typeof roiOptions>): RoiQuery {
  return { from: d.from, to: d.to, model: o.model, ...(o.model === "time_decay" ? { half_life_days: o.half_life_days } : {}) };
}

export const metricOptions = {
  metric: textOption(METRIC_NAME),
};

export function correlationQuery(d: Days, metric: string): CorrelationQuery {
  return { from: d.from, to: d.to, metric, max_lag: 12 };
}

type Scalar = string | number | boolean | undefined;

/** searchOf writes a query in its own key order, leaving out what is not set. */
export function searchOf(query: Record<string, Scalar>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) p.set(k, String(v));
  return p.toString();
}

/** csvUrl is the report's URL answering the same query as text/csv. */
export function csvUrl(path: string, query: object): string {
  return `${path}?${searchOf({ ...(query as Record<string, Scalar>), format: "csv" })}`;
}

export function drilldownPath(prospectId: string): string {
  return `/api/v1/reports/attribution/prospects/${encodeURIComponent(prospectId)}`;
}

/** csvName names a download after the report and its days. */
export function csvName(report: string, d: Days): string {
  return `onefunnel-${report}-${d.from}-to-${d.to}.csv`;
}
