import { useState, type ReactNode } from "react";
import { toApiError } from "../../api/problem";
import { RecordPicker } from "./RecordPicker";
import type { Pickable } from "./records";

/** InlinePicker changes a link to an account or contact in place. */
export function InlinePicker({ label, entity, value, display, readOnly, onSave }: { label: string; entity: Pickable; value: string | null; display: ReactNode; readOnly?: boolean; onSave: (id: string | null) => Promise<unknown> }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  async function save(id: string | null) {
    try {
      await onSave(id);
      setError(undefined);
      if (id !== null) setEditing(false);
    } catch (e) {
      setError(Object.values(toApiError(e).fields)[0] ?? toApiError(e).message);
    }
  }
  return (
    <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] items-start gap-2 py-1.5">
      <dt className="pt-1.5 text-[13px] text-slate-500">{label}</dt>
      <dd className="min-w-0">
        {editing ? (
          <div className="flex flex-col gap-1">
            <RecordPicker entity={entity} label={`Choose ${label.toLowerCase()}`} value={null} onChange={(id) => void save(id)} error={error} />
            <div className="flex gap-3 text-[13px]">
              {value && (
                <button type="button" className="text-slate-500 hover:text-red-600" onClick={() => void save(null).then(() => setEditing(false))}>
                  Remove link
                </button>
              )}
              <button type="button" className="text-slate-500 hover:text-slate-800" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <div className="flex min-w-0 items-center justify-between gap-2 py-1.5">
            <span className="min-w-0 truncate">{display}</span>
            {!readOnly && (
              <button type="button" aria-label={`Change ${label}`} className="shrink-0 text-[13px] font-medium text-slate-400 hover:text-slate-700" onClick={() => setEditing(true)}>
                Change
              </button>
            )}
          </div>
        )}
      </dd>
    </div>
  );
}
