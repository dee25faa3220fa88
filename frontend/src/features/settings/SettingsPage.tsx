import { NavLink, Navigate, Route, Routes } from "react-router";
import { cx } from "../../ui/cx";
import { PageHeader } from "../../ui/PageHeader";
import { ApiKeysSettings } from "./ApiKeysSettings";
import { MembersSettings } from "./MembersSettings";
import { PipelineSettings } from "./PipelineSettings";
import { ProfileSettings } from "./ProfileSettings";
import { TrackingSettings } from "./TrackingSettings";

const tabs = [
  { to: "profile", label: "Profile" },
  { to: "pipeline", label: "Pipeline" },
  { to: "members", label: "Members" },
  { to: "api-keys", label: "API keys" },
  { to: "tracking", label: "Tracking" },
];

export function SettingsPage() {
  return (
    <div className="mx-auto max-w-4xl p-4 sm:p-6">
      <PageHeader title="Settings" />
      <nav className="mb-5 flex gap-1 overflow-x-auto border-b border-slate-200" aria-label="Settings">
        {tabs.map((t) => (
          <NavLink
            key={t.to}
            // Absolute: under the "settings/*" splat a relative link resolves against
            // the current tab (/settings/profile/members), not against /settings.
            to={`/settings/${t.to}`}
            className={({ isActive }) =>
              cx("-mb-px border-b-2 px-3 py-2 font-medium whitespace-nowrap", isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800")
            }
          >
            {t.label}
          </NavLink>
        ))}
      </nav>
      <Routes>
        <Route index element={<Navigate to="profile" replace />} />
        <Route path="profile" element={<ProfileSettings />} />
        <Route path="pipeline" element={<PipelineSettings />} />
        <Route path="members" element={<MembersSettings />} />
        <Route path="api-keys" element={<ApiKeysSettings />} />
        <Route path="tracking" element={<TrackingSettings />} />
      </Routes>
    </div>
  );
}

export function Card({ title, description, children, action }: { title: string; description?: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <section className="rounded-xl bg-white ring-1 ring-slate-200">
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div>
          <h2 className="font-semibold text-slate-900">{title}</h2>
          {description && <p className="mt-0.5 text-[13px] text-slate-500">{description}</p>}
        </div>
        {action}
      </div>
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
