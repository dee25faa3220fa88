import { useEffect, useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { contactName } from "../../lib/format";
import { cx } from "../../ui/cx";
import { inputClass } from "../../ui/Field";
import { searchRecords, useAccount, useContact, type Pickable } from "./records";

interface Props {
  entity: Pickable;
  label: string;
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  placeholder?: string;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** RecordPicker links to an account or contact: type to search the API, pick one, or clear. */
export function RecordPicker({ entity, label, value, onChange, error, placeholder }: Props) {
  const id = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [hi, setHi] = useState(0);
  const q = useDebounced(text, 200);
  const results = useQuery({ queryKey: ["pick", entity, q], queryFn: () => searchRecords(entity, q), enabled: open, staleTime: 10_000 });
  const account = useAccount(entity === "accounts" ? value : null);
  const contact = useContact(entity === "contacts" ? value : null);
  const chosen = entity === "accounts" ? account.data?.name : contact.data ? contactName(contact.data) : undefined;
  const options = results.data ?? [];

  function pick(optId: string) {
    onChange(optId);
    setText("");
    setOpen(false);
  }

  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-[13px] font-medium text-slate-700">
        {label}
      </label>
      {value ? (
        <div className={cx(inputClass, "flex items-center justify-between gap-2")}>
          <span className="truncate">{chosen ?? "Loading…"}</span>
          <button type="button" className="text-[13px] font-medium text-slate-500 hover:text-slate-800" onClick={() => onChange(null)}>
            Change
          </button>
        </div>
      ) : (
        <div className="relative">
          <input
            id={id}
            role="combobox"
            aria-expanded={open}
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-invalid={!!error}
            autoComplete="off"
            className={cx(inputClass, error && "ring-red-400")}
            placeholder={placeholder ?? `Search ${entity}…`}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
              setHi(0);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onKeyDown={(e) => {
              if (e.key === "ArrowDown") setHi((h) => Math.min(h + 1, options.length - 1));
              else if (e.key === "ArrowUp") setHi((h) => Math.max(h - 1, 0));
              else if (e.key === "Enter" && open && options[hi]) {
                e.preventDefault();
                pick(options[hi].id);
              } else if (e.key === "Escape") setOpen(false);
              else return;
              e.stopPropagation();
            }}
          />
          {open && (
            <ul id={`${id}-list`} role="listbox" className="absolute z-20 mt-1 max-h-64 w-full overflow-auto rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200">
              {results.isPending ? (
                <li className="px-3 py-2 text-slate-500">Searching…</li>
              ) : options.length === 0 ? (
                <li className="px-3 py-2 text-slate-500">No {entity} found{q ? ` for “${q}”` : ""}.</li>
              ) : (
                options.map((o, i) => (
                  <li
                    key={o.id}
                    role="option"
                    aria-selected={i === hi}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => pick(o.id)}
                    className={cx("cursor-pointer px-3 py-2", i === hi ? "bg-brand-50" : "hover:bg-slate-50")}
                  >
                    <div className="truncate font-medium">{o.label}</div>
                    {o.sub && <div className="truncate text-xs text-slate-500">{o.sub}</div>}
                  </li>
                ))
              )}
            </ul>
          )}
        </div>
      )}
      {error && <p className="text-[13px] text-red-600" data-field-error>{error}</p>}
    </div>
  );
}
