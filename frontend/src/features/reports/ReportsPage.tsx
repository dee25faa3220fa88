import { Navigate, NavLink, Route, Routes, useSearchParams } from "react-router";
import { cx } from "../../ui/cx";
import { PageHeader } from "../../ui/PageHeader";
import { AttributionDashboard } from "./AttributionDashboard";
import { periodOnly } from "./filters";
import { FunnelDashboard } from "./FunnelDashboard";
import { LiftDashboard } from "./LiftDashboard";
import { MetricsDashboard } from "./MetricsDashboard";
import { PeriodBar } from "./PeriodBar";
import { RoiDashboard } from "./RoiDashboard";
import { VelocityDashboard } from "./VelocityDashboard";

const tabs = [
  { to: "funnel", label: "Funnel" },
  { to: "velocity", label: "Velocity" },
  { to: "attribution", label: "Attribution" },
  { to: "lift", label: "Lift" },
  { to: "roi", label: "ROI" },
  { to: "metrics", label: "Outside metrics" },
];

/** ReportsPage: one dashboard per question, under one date range kept in the URL. */
export function ReportsPage() {
  const [params] = useSearchParams();
  // Another dashboard keeps the period; its own controls start from their defaults.
  const search = periodOnly(params).toString();
  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader title="Reports" subtitle="From first touch to closed revenue, from the records both teams work." />
      <nav className="scrollbar-thin mb-4 flex gap-1 overflow-x-auto border-b border-slate-200" aria-label="Reports">
        {tabs.map((t) => (
          <NavLink
            key={t.to}
            to={{ pathname: `/reports/${t.to}`, search }}
            className={({ isActive }) =>
              cx("-mb-px border-b-2 px-3 py-2 font-medium whitespace-nowrap", isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800")
            }
          >
            {t.label}
          </NavLink>
        ))}
      </nav>
      <PeriodBar />
      <Routes>
        <Route index element={<Navigate to={{ pathname: "funnel", search: params.toString() }} replace />} />
        <Route path="funnel" element={<FunnelDashboard />} />
        <Route path="velocity" element={<VelocityDashboard />} />
        <Route path="attribution" element={<AttributionDashboard />} />
        <Route path="lift" element={<LiftDashboard />} />
        <Route path="roi" element={<RoiDashboard />} />
        <Route path="metrics" element={<MetricsDashboard />} />
        <Route path="*" element={<Navigate to={{ pathname: "/reports/funnel", search: params.toString() }} replace />} />
      </Routes>
    </div>
  );
}
