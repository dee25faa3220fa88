import { useState } from "react";
import { Button } from "../../ui/Button";

/** SecretOnce shows a secret the server will never show again, with a copy button. */
export function SecretOnce({ label, value, note }: { label: string; value: string; note: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 p-3" role="status">
      <p className="text-[13px] font-medium text-amber-900">{label}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="min-w-0 flex-1 rounded-md bg-white px-2 py-1.5 font-mono text-[13px] break-all text-slate-800 ring-1 ring-amber-200" data-testid="secret">
          {value}
        </code>
        <Button
          size="sm"
          onClick={() =>
            void navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="mt-2 text-[13px] text-amber-800">{note}</p>
    </div>
  );
}
