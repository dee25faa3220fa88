import { useEffect, useRef, type ReactNode } from "react";
import { useNavigate } from "react-router";
import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import type { Page } from "../../api/types";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { ErrorState, Skeleton } from "../../ui/Feedback";

export interface ColumnDef<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
  /** hidden on a phone, where the first column carries a summary */
  wide?: boolean;
}

interface Props<T> {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  columns: ColumnDef<T>[];
  rowHref: (row: T) => string;
  rowKey: (row: T) => string;
  empty: ReactNode;
}

/**
 * DataList is every list screen's table: rows link to records, more rows load
 * when the end scrolls into view (or with the button), and loading, empty and
 * error each say so.
 */
export function DataList<T>({ query, columns, rowHref, rowKey, empty }: Props<T>) {
  const navigate = useNavigate();
  const sentinel = useRef<HTMLDivElement>(null);
  const { data, error, isPending, hasNextPage, isFetchingNextPage, fetchNextPage, refetch } = query;

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (isPending)
    return (
      <div className="flex flex-col gap-2 rounded-xl bg-white p-4 ring-1 ring-slate-200" aria-busy="true">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-8" />
        ))}
      </div>
    );
  const rows = data.pages.flatMap((p) => p.data);
  if (rows.length === 0) return <>{empty}</>;

  return (
    <div>
      <div className="overflow-hidden rounded-xl bg-white ring-1 ring-slate-200">
        <table className="w-full table-fixed border-collapse text-left">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col" className={cx("px-4 py-2.5 font-medium", c.wide && "hidden md:table-cell", c.className)}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr
                key={rowKey(row)}
                onClick={(e) => {
                  if (!(e.target as HTMLElement).closest("a")) navigate(rowHref(row));
                }}
                className="cursor-pointer hover:bg-slate-50"
              >
                {columns.map((c) => (
                  <td key={c.header} className={cx("px-4 py-3 align-top", c.wide && "hidden md:table-cell", c.className)}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div ref={sentinel} className="flex justify-center py-4">
        {hasNextPage ? (
          <Button onClick={() => void fetchNextPage()} busy={isFetchingNextPage}>
            Load more
          </Button>
        ) : (
          <span className="text-[13px] text-slate-400">{rows.length === 1 ? "1 record" : `All ${rows.length} records`}</span>
        )}
      </div>
    </div>
  );
}
