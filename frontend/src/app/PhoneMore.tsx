import { useEffect, useId, useState } from "react";
import { NavLink, useLocation } from "react-router";
import { cx } from "../ui/cx";
import { Icon, type IconName } from "../ui/Icon";

export interface NavItem {
  to: string;
  label: string;
  short?: string;
  icon: IconName;
}

/**
 * PhoneMore is the last tab of the phone's bar: five tabs fit a thumb, so the
 * screens used less on the go (accounts, reports) open from a small sheet.
 */
export function PhoneMore({ items }: { items: NavItem[] }) {
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  const id = useId();
  const active = items.some((i) => pathname === i.to || pathname.startsWith(`${i.to}/`));

  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div className="relative flex flex-1">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((v) => !v)}
        className={cx("flex flex-1 flex-col items-center gap-0.5 py-2 text-[11px] font-medium", active || open ? "text-brand-600" : "text-slate-500")}
      >
        <Icon name="more" className="size-5" />
        More
      </button>
      {open && (
        <>
          <div className="fixed inset-0 z-30 bg-slate-900/10" onClick={() => setOpen(false)} aria-hidden="true" />
          <ul id={id} className="absolute right-2 bottom-full z-40 mb-2 w-52 rounded-xl bg-white p-1 shadow-lg ring-1 ring-slate-200">
            {items.map((n) => (
              <li key={n.to}>
                <NavLink
                  to={n.to}
                  onClick={() => setOpen(false)}
                  className={({ isActive }) => cx("flex items-center gap-3 rounded-lg px-3 py-2.5 font-medium", isActive ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100")}
                >
                  <Icon name={n.icon} className="size-5" />
                  {n.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
