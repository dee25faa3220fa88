import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { Activity } from "../../api/types";
import { keys } from "../../app/keys";
import { contactName } from "../../lib/format";
import { Button } from "../../ui/Button";
import { cx } from "../../ui/cx";
import { EmptyState, ErrorState, Loading } from "../../ui/Feedback";
import { PageHeader } from "../../ui/PageHeader";
import { ActivityItem } from "../timeline/Timeline";
import { useMe } from "../records/lookups";
import { useAccount, useContact, useProspect } from "../records/records";
import { useInfiniteList } from "../records/useInfiniteList";
import { groupLabel, groupTasks, type TaskGroup } from "./taskGroups";

function RecordLink({ a }: { a: Activity }) {
  const p = useProspect(a.prospect_id);
  const c = useContact(a.prospect_id ? null : a.contact_id);
  const acc = useAccount(a.prospect_id || a.contact_id ? null : a.account_id);
  if (a.prospect_id) return <Link className="hover:text-brand-700" to={`/prospects/${a.prospect_id}`}>{p.data?.title ?? "Prospect"}</Link>;
  if (a.contact_id) return <Link className="hover:text-brand-700" to={`/contacts/${a.contact_id}`}>{c.data ? contactName(c.data) : "Contact"}</Link>;
  if (a.account_id) return <Link className="hover:text-brand-700" to={`/accounts/${a.account_id}`}>{acc.data?.name ?? "Account"}</Link>;
  return null;
}

function TaskRow({ a }: { a: Activity }) {
  return (
    <li className="flex flex-col gap-1">
      <ActivityItem a={a} />
      <div className="pl-3.5 text-[13px] text-slate-500">
        <RecordLink a={a} />
      </div>
    </li>
  );
}

/** TasksPage: my open tasks, overdue first, across every record. */
export function TasksPage() {
  const me = useMe();
  const memberId = me.data?.member.id;
  const dated = useInfiniteList(keys.tasks({ memberId, dated: true }), (cursor) =>
    unwrap(api.GET("/api/v1/activities", { params: { query: { type: "task", done: false, owner_id: memberId, sort: "due_at", limit: 100, cursor } } })),
  );
  const undated = useQuery({
    queryKey: keys.tasks({ memberId, dated: false }),
    queryFn: async () => {
      const r = await unwrap(api.GET("/api/v1/activities", { params: { query: { type: "task", done: false, owner_id: memberId, sort: "-created_at", limit: 100 } } }));
      return r.data.filter((a) => !a.due_at);
    },
    enabled: !!memberId,
  });

  let body;
  if (dated.error) body = <ErrorState error={dated.error} onRetry={() => void dated.refetch()} />;
  else if (dated.isPending || !memberId) body = <Loading />;
  else {
    const groups = groupTasks(dated.data.pages.flatMap((p) => p.data));
    const none = undated.data ?? [];
    const total = Object.values(groups).reduce((n, g) => n + g.length, 0) + none.length;
    body =
      total === 0 ? (
        <EmptyState title="Nothing to do">You have no open tasks. Add a task from any record's timeline.</EmptyState>
      ) : (
        <div className="flex flex-col gap-6">
          {(Object.keys(groups) as TaskGroup[]).map(
            (g) =>
              groups[g].length > 0 && (
                <section key={g} aria-label={groupLabel[g]}>
                  <h2 className={cx("mb-2 text-[13px] font-semibold tracking-wide uppercase", g === "overdue" ? "text-red-600" : "text-slate-500")}>
                    {groupLabel[g]} <span className="font-normal">({groups[g].length})</span>
                  </h2>
                  <ul className="flex flex-col gap-3">
                    {groups[g].map((a) => (
                      <TaskRow key={a.id} a={a} />
                    ))}
                  </ul>
                </section>
              ),
          )}
          {dated.hasNextPage && (
            <div className="flex justify-center">
              <Button onClick={() => void dated.fetchNextPage()} busy={dated.isFetchingNextPage}>Load more</Button>
            </div>
          )}
          {none.length > 0 && (
            <section aria-label="No due date">
              <h2 className="mb-2 text-[13px] font-semibold tracking-wide text-slate-500 uppercase">No due date ({none.length})</h2>
              <ul className="flex flex-col gap-3">
                {none.map((a) => (
                  <TaskRow key={a.id} a={a} />
                ))}
              </ul>
            </section>
          )}
        </div>
      );
  }

  return (
    <div className="mx-auto max-w-3xl p-4 sm:p-6">
      <PageHeader title="My tasks" subtitle="Due and overdue, across all your records." />
      {body}
    </div>
  );
}
