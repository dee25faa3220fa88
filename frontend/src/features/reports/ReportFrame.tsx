import { useState, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { toApiError } from "../../api/problem";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { EmptyState, ErrorState, Skeleton } from "../../ui/Feedback";
import { Icon } from "../../ui/Icon";
import { toast } from "../../ui/toast";
import { downloadFile } from "./download";

/** DownloadCsv saves the report's rows for the filters on screen. */
export function DownloadCsv({ path, filename, label = "Download CSV" }: { path: string; filename: string; label?: string }) {
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    try {
      await downloadFile(path, filename);
    } catch (err) {
      toast(`The CSV did not download: ${toApiError(err).message}`, "error");
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button size="sm" onClick={() => void download()} busy={busy}>
      {!busy && <Icon name="download" className="size-4" />}
      {label}
    </Button>
  );
}

export function EmptyReport({ title = "No conversions in this period" }: { title?: string }) {
  return (
    <EmptyState title={title}>
      Try a longer range or load demo data: <code className="rounded bg-slate-100 px-1 py-0.5 text-[13px] text-slate-700">make run ARGS=--demo</code>
    </EmptyState>
  );
}

interface FrameProps<T> {
  title: string;
  description?: ReactNode;
  csv?: { path: string; filename: string };
  /** more buttons beside the CSV export */
  actions?: ReactNode;
  query: UseQueryResult<T>;
  isEmpty: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * ReportFrame is one dashboard's card: its title, the CSV export of what it
 * shows, and its loading, empty and error states.
 */
export function ReportFrame<T>({ title, description, csv, actions, query, isEmpty, empty, children }: FrameProps<T>) {
  const { data, error, isPending, isPlaceholderData, refetch } = query;
  let body: ReactNode;
  if (error && !data) body = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (isPending)
    body = (
      <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading the report">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-8" />
        ))}
      </div>
    );
  else if (data === undefined || isEmpty(data)) body = empty ?? <EmptyReport />;
  else body = <div className={cx("transition-opacity", isPlaceholderData && "opacity-50")} aria-busy={isPlaceholderData}>{children(data)}</div>;

  return (
    <section className="rounded-xl bg-white ring-1 ring-slate-200" aria-label={title}>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-4 py-3 sm:px-5">
        <div className="min-w-0 flex-1 basis-64">
          <h2 className="font-semibold text-slate-900">{title}</h2>
          {description && <p className="mt-0.5 text-[13px] text-slate-500">{description}</p>}
        </div>
        {(csv || actions) && (
          <div className="flex items-center gap-2">
            {csv && <DownloadCsv {...csv} />}
            {actions}
          </div>
        )}
      </div>
      <div className="px-4 py-4 sm:px-5">{body}</div>
    </section>
  );
}

/** TableBox lets a wide table scroll sideways inside its card, never the page. */
export function TableBox({ children, label }: { children: ReactNode; label: string }) {
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export const th = "px-3 py-2 font-medium whitespace-nowrap first:pl-4 last:pr-4 sm:first:pl-5 sm:last:pr-5";
export const td = "px-3 py-2 whitespace-nowrap tabular-nums first:pl-4 last:pr-4 sm:first:pl-5 sm:last:pr-5";
export const theadClass = "border-b border-slate-200 text-xs font-medium tracking-wide text-slate-500 uppercase";
