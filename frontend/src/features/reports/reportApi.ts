import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type {
  AttributionDrilldown, AttributionReport, FunnelReport, LiftReport, MetricCorrelationReport, RoiReport, VelocityReport,
} from "../../api/types";
import { keys } from "../../app/keys";
import type { AttributionQuery, CorrelationQuery, FunnelQuery, LiftQuery, RoiQuery, VelocityQuery } from "./queries";

// The report endpoints also answer text/csv, so the generated type of a body is
// the report or a string; the typed client asks for and parses JSON only.
const json = <T>(p: Promise<T | string>) => p as Promise<T>;

// A changed filter keeps the last chart on screen, dimmed, until the new one
// arrives, instead of flashing a spinner.
const report = { placeholderData: keepPreviousData, staleTime: 60_000 } as const;

export const useFunnelReport = (query: FunnelQuery) =>
  useQuery({ ...report, queryKey: keys.report("funnel", query), queryFn: () => json<FunnelReport>(unwrap(api.GET("/api/v1/reports/funnel", { params: { query } }))) });

export const useVelocityReport = (query: VelocityQuery) =>
  useQuery({ ...report, queryKey: keys.report("velocity", query), queryFn: () => json<VelocityReport>(unwrap(api.GET("/api/v1/reports/velocity", { params: { query } }))) });

export const useAttributionReport = (query: AttributionQuery) =>
  useQuery({ ...report, queryKey: keys.report("attribution", query), queryFn: () => json<AttributionReport>(unwrap(api.GET("/api/v1/reports/attribution", { params: { query } }))) });

export const useAttributionDrilldown = (id: string, query: AttributionQuery) =>
  useQuery({
    ...report,
    queryKey: keys.report("attribution-drilldown", { id, ...query }),
    queryFn: () => json<AttributionDrilldown>(unwrap(api.GET("/api/v1/reports/attribution/prospects/{id}", { params: { path: { id }, query } }))),
    enabled: id !== "",
  });

export const useLiftReport = (query: LiftQuery) =>
  useQuery({ ...report, queryKey: keys.report("lift", query), queryFn: () => json<LiftReport>(unwrap(api.GET("/api/v1/reports/lift", { params: { query } }))) });

export const useRoiReport = (query: RoiQuery) =>
  useQuery({ ...report, queryKey: keys.report("roi", query), queryFn: () => json<RoiReport>(unwrap(api.GET("/api/v1/reports/roi", { params: { query } }))) });

export const useCorrelationReport = (query: CorrelationQuery) =>
  useQuery({
    ...report,
    queryKey: keys.report("metric-correlation", query),
    queryFn: () => json<MetricCorrelationReport>(unwrap(api.GET("/api/v1/reports/metric-correlation", { params: { query } }))),
    enabled: query.metric !== "",
  });

export const useMetrics = () => useQuery({ queryKey: keys.metrics, queryFn: () => unwrap(api.GET("/api/v1/metrics")) });

/** useCampaigns lists campaigns for the lift report's exposure picker (the first 200 by name). */
export const useCampaigns = () =>
  useQuery({
    queryKey: keys.campaignsIndex,
    queryFn: async () => (await unwrap(api.GET("/api/v1/campaigns", { params: { query: { limit: 200, sort: "name" } } }))).data,
    staleTime: 5 * 60_000,
  });
