import type { ReactNode } from "react";
import { inputClass } from "../../ui/Field";
import { Icon } from "../../ui/Icon";
import { cx } from "../../ui/cx";

interface Props {
  search: string;
  onSearch: (v: string) => void;
  placeholder: string;
  sort: string;
  onSort: (v: string) => void;
  sorts: { value: string; label: string }[];
  children?: ReactNode;
}

/** ListToolbar: search, extra filters, and sort, wrapping on a phone. */
export function ListToolbar({ search, onSearch, placeholder, sort, onSort, sorts, children }: Props) {
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2">
      <label className="relative min-w-0 flex-1 basis-56 sm:max-w-72">
        <span className="sr-only">Search</span>
        <Icon name="search" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
        <input type="search" value={search} onChange={(e) => onSearch(e.target.value)} placeholder={placeholder} className={cx(inputClass, "pl-8")} />
      </label>
      {children}
      <label className="min-w-0 flex-1 basis-36 sm:flex-none">
        <span className="sr-only">Sort</span>
        <select value={sort} onChange={(e) => onSort(e.target.value)} className={cx(inputClass, "sm:w-48")}>
          {sorts.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
