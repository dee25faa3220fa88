import { Suspense } from "react";
import { NavLink, Outlet, useNavigate, useNavigation } from "react-router";
import { logout } from "../features/auth/actions";
import { Logo } from "../features/auth/AuthLayout";
import { useMe } from "../features/records/lookups";
import { Avatar } from "../ui/Avatar";
import { cx } from "../ui/cx";
import { Loading } from "../ui/Feedback";
import { Icon } from "../ui/Icon";
import { PhoneMore, type NavItem } from "./PhoneMore";

const nav: (NavItem & { phone: "bar" | "more" })[] = [
  { to: "/board", label: "Board", icon: "board", phone: "bar" },
  { to: "/prospects", label: "Prospects", icon: "prospects", phone: "bar" },
  { to: "/accounts", label: "Accounts", icon: "accounts", phone: "more" },
  { to: "/contacts", label: "Contacts", icon: "contacts", phone: "bar" },
  { to: "/tasks", label: "My tasks", short: "Tasks", icon: "tasks", phone: "bar" },
  { to: "/reports", label: "Reports", icon: "reports", phone: "more" },
];

/** AppShell: a sidebar on a laptop, a top bar and a bottom tab bar on a phone. */
export function AppShell() {
  const me = useMe();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const member = me.data?.member;

  async function signOut() {
    await logout();
    navigate("/login", { replace: true });
  }

  return (
    <div className="flex h-dvh overflow-hidden">
      {navigation.state === "loading" && (
        <div className="fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden bg-brand-100">
          <div className="animate-progress h-full w-1/3 bg-brand-600" />
        </div>
      )}
      <aside className="hidden w-60 shrink-0 flex-col border-r border-slate-200 bg-white md:flex">
        <div className="flex h-14 items-center gap-2.5 px-5">
          <Logo className="size-7" />
          <div className="min-w-0">
            <div className="truncate font-semibold tracking-tight">{me.data?.workspace.name ?? "OneFunnel"}</div>
          </div>
        </div>
        <nav className="flex flex-1 flex-col gap-0.5 px-3 py-2" aria-label="Main">
          {nav.map((n) => (
            <NavLink
              key={n.to}
              to={n.to}
              className={({ isActive }) =>
                cx("flex items-center gap-3 rounded-lg px-3 py-2 font-medium", isActive ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900")
              }
            >
              <Icon name={n.icon} className="size-[18px]" />
              {n.label}
            </NavLink>
          ))}
          <NavLink
            to="/settings"
            className={({ isActive }) =>
              cx("mt-auto flex items-center gap-3 rounded-lg px-3 py-2 font-medium", isActive ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900")
            }
          >
            <Icon name="settings" className="size-[18px]" />
            Settings
          </NavLink>
        </nav>
        <div className="flex items-center gap-2.5 border-t border-slate-200 px-4 py-3">
          {member && <Avatar name={member.name} seed={member.id} />}
          <div className="min-w-0 flex-1">
            <div className="truncate font-medium">{member?.name ?? "…"}</div>
            <div className="truncate text-xs text-slate-500">{member?.email}</div>
          </div>
          <button type="button" onClick={signOut} className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label="Sign out" title="Sign out">
            <Icon name="logout" className="size-[18px]" />
          </button>
        </div>
      </aside>

      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-4 md:hidden">
          <Logo className="size-6" />
          <span className="min-w-0 flex-1 truncate font-semibold">{me.data?.workspace.name ?? "OneFunnel"}</span>
          <NavLink to="/settings" aria-label="Settings" className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100">
            <Icon name="settings" className="size-5" />
          </NavLink>
          <button type="button" onClick={signOut} aria-label="Sign out" className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100">
            <Icon name="logout" className="size-5" />
          </button>
        </header>
        <main className="min-h-0 flex-1 overflow-y-auto" id="main">
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
        <nav aria-label="Main" className="flex shrink-0 border-t border-slate-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden">
          {nav.filter((n) => n.phone === "bar").map((n) => (
            <NavLink
              key={n.to}
              to={n.to}
              className={({ isActive }) => cx("flex flex-1 flex-col items-center gap-0.5 py-2 text-[11px] font-medium", isActive ? "text-brand-600" : "text-slate-500")}
            >
              <Icon name={n.icon} className="size-5" />
              {n.short ?? n.label}
            </NavLink>
          ))}
          <PhoneMore items={nav.filter((n) => n.phone === "more")} />
        </nav>
      </div>
    </div>
  );
}
