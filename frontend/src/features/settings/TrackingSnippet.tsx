import { useState } from "react";
import { Button } from "../../ui/Button";

/** trackerSnippet is the one line a site pastes to load the tracker with this key. */
export function trackerSnippet(origin: string, key: string): string {
  return `<script async src="${origin}/t.js" data-write-key="${key}"></script>`;
}

/**
 * TrackingSnippet shows the tracker tag for one write key. The tag is rendered
 * as text (React escapes it), never as markup: it must be read, not run here.
 */
export function TrackingSnippet({ origin, writeKey }: { origin: string; writeKey: string }) {
  const [copied, setCopied] = useState(false);
  const snippet = trackerSnippet(origin, writeKey);
  return (
    <div className="mt-2">
      <div className="flex items-start gap-2">
        <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-50 px-2 py-1.5 ring-1 ring-slate-200">
          <code className="font-mono text-[12px] break-all whitespace-pre-wrap text-slate-800" data-testid="tracking-snippet">
            {snippet}
          </code>
        </pre>
        <Button
          size="sm"
          aria-label="Copy snippet"
          onClick={() =>
            void navigator.clipboard?.writeText(snippet).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="mt-1.5 text-[13px] text-slate-500">
        Segment or RudderStack SDKs: set the endpoint to <code className="font-mono">{origin}</code> and the write key as above.
      </p>
    </div>
  );
}
