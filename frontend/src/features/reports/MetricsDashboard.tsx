import { useState } from "react";
import type { MetricCorrelationReport } from "../../api/types";
import { formatDate } from "../../lib/format";
import { Button } from "../../ui/Button";
import { ErrorState, Loading } from "../../ui/Feedback";
import { Controls, SelectControl } from "./Controls";
import { CorrelationChart } from "./CorrelationChart";
import { MetricImport } from "./MetricImport";
import { correlationQuery, csvName, csvUrl, metricOptions } from "./queries";
import { EmptyReport, ReportFrame } from "./ReportFrame";
import { useCorrelationReport, useMetrics } from "./reportApi";
import { useOptions, usePeriod } from "./useReportFilters";

const weeks = (n: number) => (n === 1 ? "1 week" : `${n} weeks`);

function Correlations({ r }: { r: MetricCorrelationReport }) {
  const withValue = r.weeks.filter((w) => w.metric !== null).length;
  return (
    <div className="flex flex-col gap-5">
      <p className="text-[13px] text-slate-500">
        Pearson's r between the metric in week t and the outcome in week t + lag, with its 95% interval. {weeks(r.weeks.length)} in the period, {withValue} with a value of{" "}
        {r.metric}. Correlation over time is not cause: seasons and campaigns move both.
      </p>
      <div className="grid gap-6 md:grid-cols-2">
        <CorrelationChart title="Pipeline created" lags={r.pipeline_created} />
        <CorrelationChart title={`Revenue won (${r.currency})`} lags={r.revenue_won} />
      </div>
    </div>
  );
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-xl bg-white ring-1 ring-slate-200" aria-label={title}>
      <h2 className="border-b border-slate-100 px-4 py-3 font-semibold text-slate-900 sm:px-5">{title}</h2>
      <div className="px-4 py-4 sm:px-5">{children}</div>
    </section>
  );
}

/** MetricsDashboard: outside metrics (share of voice, mentions…) against pipeline and revenue, week by week. */
export function MetricsDashboard() {
  const { days } = usePeriod();
  const [o, set] = useOptions(metricOptions);
  const metrics = useMetrics();
  const [importing, setImporting] = useState(false);
  const list = metrics.data?.data ?? [];
  // Without a choice in the URL, the first metric shows, so the tab is never blank when there is one.
  const metric = o.metric || list[0]?.metric || "";
  const query = correlationQuery(days, metric);
  const report = useCorrelationReport(query);
  const summary = list.find((m) => m.metric === metric);

  if (metrics.error) return <ErrorState error={metrics.error} onRetry={() => void metrics.refetch()} />;
  if (metrics.isPending) return <Loading />;

  const importer = (
    <Card title="Import points">
      <MetricImport
        initialName={metric}
        onImported={(m) => {
          set("metric", m);
          setImporting(false);
        }}
      />
    </Card>
  );

  if (list.length === 0)
    return (
      <div className="flex flex-col gap-4">
        <p className="text-slate-600">
          No outside metrics yet. Import a weekly series — share of voice, mentions, search interest — to see how it moves with pipeline created and revenue won, 0 to 12 weeks later.
        </p>
        {importer}
      </div>
    );

  return (
    <>
      <Controls>
        <SelectControl
          label="Metric"
          value={metric}
          options={Object.fromEntries(list.map((m) => [m.metric, `${m.metric} (${m.points} ${m.points === 1 ? "point" : "points"})`]))}
          onChange={(v) => set("metric", v)}
        />
        <div>
          <Button onClick={() => setImporting((v) => !v)} aria-expanded={importing}>
            {importing ? "Close the import" : "Import points"}
          </Button>
        </div>
      </Controls>
      {importing && <div className="mb-4">{importer}</div>}
      <ReportFrame
        title={`${metric} against pipeline and revenue`}
        description={summary ? `Points from ${formatDate(summary.first)} to ${formatDate(summary.last)}.` : undefined}
        csv={{ path: csvUrl("/api/v1/reports/metric-correlation", query), filename: csvName(`metric-${metric}`, days) }}
        query={report}
        isEmpty={(r) => r.weeks.every((w) => w.metric === null)}
        empty={<EmptyReport title={`No points of ${metric} in this period`} />}
      >
        {(r) => <Correlations r={r} />}
      </ReportFrame>
    </>
  );
}
