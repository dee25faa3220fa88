// Names for the generated schema types, so features import words, not paths.
import type { components } from "./schema";

type S = components["schemas"];
export type Problem = S["Problem"];
export type FieldError = S["FieldError"];
export type TokenPair = S["TokenPair"];
export type SetupStatus = S["SetupStatus"];
export type Me = S["Me"];
export type Member = S["Member"];
export type Role = S["Role"];
export type Invite = S["Invite"];
export type Account = S["Account"];
export type AccountCreate = S["AccountCreate"];
export type AccountPatch = S["AccountPatch"];
export type Contact = S["Contact"];
export type ContactCreate = S["ContactCreate"];
export type Stage = S["Stage"];
export type Phase = S["Phase"];
export type Prospect = S["Prospect"];
export type ProspectCreate = S["ProspectCreate"];
export type ProspectPatch = S["ProspectPatch"];
export type ProspectStatus = S["ProspectStatus"];
export type StageChange = S["StageChange"];
export type Activity = S["Activity"];
export type ActivityCreate = S["ActivityCreate"];
export type ActivityType = S["ActivityType"];
export type TimelineItem = S["TimelineItem"];
export type TimelineSession = S["TimelineSession"];
export type TimelineEvent = S["TimelineEvent"];
export type TimelineMerge = S["TimelineMerge"];
export type Touchpoint = S["Touchpoint"];
/** How a person first arrived; the API's null (untracked) is kept out, so callers say FirstTouch | null. */
export type FirstTouch = NonNullable<S["FirstTouch"]>;
export type APIKey = S["APIKey"];
export type WriteKey = S["WriteKey"];
export type TrackedEvent = S["Event"];
export type TouchpointType = S["TouchpointType"];
export type Campaign = S["Campaign"];
export type FunnelReport = S["FunnelReport"];
export type FunnelStep = S["FunnelStep"];
export type FunnelSegment = S["FunnelSegment"];
export type FunnelSplit = S["FunnelSplit"];
export type Distribution = S["Distribution"];
export type VelocityReport = S["VelocityReport"];
export type AttributionModel = S["AttributionModel"];
export type AttributionGroupBy = S["AttributionGroupBy"];
export type AttributionReport = S["AttributionReport"];
export type AttributionDrilldown = S["AttributionDrilldown"];
export type AttributionTouch = S["AttributionTouch"];
export type Interval = S["Interval"];
export type LiftArm = S["LiftArm"];
export type LiftReport = S["LiftReport"];
export type RoiCampaign = S["RoiCampaign"];
export type RoiReport = S["RoiReport"];
export type MetricPoint = S["MetricPoint"];
export type MetricSummary = S["MetricSummary"];
export type LagCorrelation = S["LagCorrelation"];
export type MetricCorrelationReport = S["MetricCorrelationReport"];

/** One page of any list endpoint. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export const PHASES: readonly Phase[] = ["lead", "qualified", "opportunity", "won", "lost", "customer", "churned"];
export const ROLES: readonly Role[] = ["owner", "admin", "member", "viewer"];
export const ACTIVITY_TYPES: readonly ActivityType[] = ["note", "call", "meeting", "email", "task"];
