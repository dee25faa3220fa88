import type { Member, Phase } from "../../api/types";
import { PHASES } from "../../api/types";
import { phaseLabel } from "../../lib/format";
import { inputClass } from "../../ui/Field";
import { Icon } from "../../ui/Icon";
import { cx } from "../../ui/cx";
import type { BoardFilters as Filters } from "./boardState";

interface Props {
  value: Filters;
  onChange: (f: Filters) => void;
  members: Member[];
  meId?: string;
}

export function BoardFilters({ value, onChange, members, meId }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="relative min-w-0 flex-1 basis-48 sm:max-w-64">
        <span className="sr-only">Search prospects</span>
        <Icon name="search" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" />
        <input
          type="search"
          placeholder="Search title or account"
          value={value.text}
          onChange={(e) => onChange({ ...value, text: e.target.value })}
          className={cx(inputClass, "pl-8")}
        />
      </label>
      <label className="min-w-0 flex-1 basis-32 sm:flex-none">
        <span className="sr-only">Owner</span>
        <select value={value.ownerId ?? ""} onChange={(e) => onChange({ ...value, ownerId: e.target.value || null })} className={cx(inputClass, "sm:w-44")}>
          <option value="">Any owner</option>
          {meId && <option value={meId}>Mine</option>}
          {members
            .filter((m) => m.id !== meId)
            .map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
        </select>
      </label>
      <label className="min-w-0 flex-1 basis-32 sm:flex-none">
        <span className="sr-only">Phase</span>
        <select value={value.phase ?? ""} onChange={(e) => onChange({ ...value, phase: (e.target.value || null) as Phase | null })} className={cx(inputClass, "sm:w-40")}>
          <option value="">All phases</option>
          {PHASES.map((p) => (
            <option key={p} value={p}>
              {phaseLabel[p]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
