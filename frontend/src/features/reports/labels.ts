// The words the dashboards show for the API's enums. Each table is keyed by the
// generated type, so a value added to the spec fails the type check here.
import type { AttributionGroupBy, AttributionModel, FunnelSplit, Phase, TouchpointType } from "../../api/types";

export const modelLabel: Record<AttributionModel, string> = {
  first_touch: "First touch",
  last_touch: "Last touch",
  linear: "Linear",
  u_shaped: "U-shaped (40/20/40)",
  w_shaped: "W-shaped (30/30/30 + 10)",
  full_path: "Full path (22.5 × 4 + 10)",
  time_decay: "Time decay",
  j_shaped: "J-shaped (20/60/20)",
  inverse_j: "Inverse J (60/20/20)",
  markov: "Markov chain (removal effect)",
  shapley: "Shapley value",
};

export type Conversion = "lead" | "opportunity" | "won";
export const conversionLabel: Record<Conversion, string> = {
  lead: "Lead created",
  opportunity: "Became an opportunity",
  won: "Won",
};

export const groupByLabel: Record<AttributionGroupBy, string> = {
  channel: "Channel",
  campaign: "Campaign",
  source_medium: "Source / medium",
  touchpoint_type: "Touchpoint type",
};

export const splitLabel: Record<FunnelSplit, string> = {
  none: "No split",
  channel: "First-touch channel",
  campaign: "First-touch campaign",
  device_type: "Device type",
  owner: "Owner",
};

export const touchpointTypeLabel: Record<TouchpointType, string> = {
  session: "Website visit",
  ad_impression: "Ad impression",
  ad_click: "Ad click",
  social_like: "Social like",
  social_share: "Social share",
  article_read: "Article read",
  article_share: "Article share",
  email_click: "Email click",
  webinar: "Webinar",
  form_submit: "Form submit",
  chat: "Chat",
  call: "Call",
  meeting: "Meeting",
  quote_view: "Quote view",
};

/** The outcomes a lift report can measure: reaching a phase of the main line. */
export const outcomeLabel: Partial<Record<Phase, string>> = {
  qualified: "Qualified",
  opportunity: "Opportunity",
  won: "Won",
  customer: "Customer",
};

export const keysOf = <T extends string>(r: Partial<Record<T, string>>): T[] => Object.keys(r) as T[];

const credit = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** formatCredit shows credited (fractional) conversions with 2 decimals. */
export function formatCredit(n: number): string {
  return credit.format(n);
}

const percent0 = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 });
const percent1 = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });
/** formatRate shows a share (0.423 → "42%", 0.042 → "4.2%"); null is "—". */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return "—";
  return (Math.abs(r) < 0.1 ? percent1 : percent0).format(r);
}

const ratio = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export function formatRatio(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return ratio.format(n);
}
