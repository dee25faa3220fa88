import { useEffect, useRef, useState, type ReactNode } from "react";
import { toApiError } from "../../api/problem";
import { cx } from "../../ui/cx";
import { inputClass } from "../../ui/Field";

interface Props {
  label: string;
  /** the value as the editor holds it */
  value: string;
  /** how the value reads when not editing */
  display?: ReactNode;
  type?: "text" | "email" | "tel" | "date" | "select";
  options?: { value: string; label: string }[];
  placeholder?: string;
  readOnly?: boolean;
  /** the API field whose error to show (defaults to any field error) */
  field?: string;
  onSave: (value: string) => Promise<unknown>;
}

/**
 * InlineField edits one field in place: click (or Enter) to edit, Enter or
 * leaving the field saves, Escape cancels. A refused value stays in the editor
 * with the API's message under it.
 */
export function InlineField({ label, value, display, type = "text", options, placeholder, readOnly, field, onSave }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLInputElement & HTMLSelectElement>(null);

  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing]);

  async function commit() {
    if (draft === value) {
      setEditing(false);
      setError(null);
      return;
    }
    setSaving(true);
    try {
      await onSave(draft);
      setEditing(false);
      setError(null);
    } catch (err) {
      const e = toApiError(err);
      const fields = e.fields;
      setError((field && fields[field]) || Object.values(fields)[0] || e.message);
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    setDraft(value);
    setEditing(false);
    setError(null);
  }

  const shown = display ?? (value ? value : <span className="text-slate-400">{placeholder ?? "Add…"}</span>);

  return (
    <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] items-start gap-2 py-1.5">
      <dt className="pt-1.5 text-[13px] text-slate-500">{label}</dt>
      <dd className="min-w-0">
        {editing ? (
          <>
            {type === "select" ? (
              <select
                ref={input}
                aria-label={label}
                value={draft}
                disabled={saving}
                onChange={(e) => setDraft(e.target.value)}
                onBlur={() => void commit()}
                onKeyDown={(e) => e.key === "Escape" && cancel()}
                className={cx(inputClass, "py-1.5")}
              >
                {options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                ref={input}
                aria-label={label}
                type={type}
                value={draft}
                disabled={saving}
                placeholder={placeholder}
                aria-invalid={!!error}
                onChange={(e) => setDraft(e.target.value)}
                onBlur={() => void commit()}
                onKeyDown={(e) => {
                  if (e.key === "Enter") void commit();
                  if (e.key === "Escape") cancel();
                }}
                className={cx(inputClass, "py-1.5", error && "ring-red-400")}
              />
            )}
            {error && (
              <p className="mt-1 text-[13px] text-red-600" role="alert" data-field-error>
                {error}
              </p>
            )}
          </>
        ) : (
          <button
            type="button"
            disabled={readOnly}
            onClick={() => setEditing(true)}
            aria-label={`Edit ${label}`}
            className={cx(
              "-mx-2 block w-[calc(100%+1rem)] min-w-0 rounded-md px-2 py-1.5 text-left break-words",
              readOnly ? "cursor-default" : "hover:bg-slate-100",
            )}
          >
            {shown}
          </button>
        )}
      </dd>
    </div>
  );
}
