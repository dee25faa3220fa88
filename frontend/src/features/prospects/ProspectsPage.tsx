import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import type { Prospect, ProspectStatus } from "../../api/types";
import { keys } from "../../app/keys";
import { age, formatMoney } from "../../lib/format";
import { Avatar } from "../../ui/Avatar";
import { Badge, phaseTone } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { EmptyState } from "../../ui/Feedback";
import { inputClass } from "../../ui/Field";
import { Icon } from "../../ui/Icon";
import { PageHeader } from "../../ui/PageHeader";
import { cx } from "../../ui/cx";
import { DataList } from "../records/DataList";
import { ListToolbar } from "../records/ListToolbar";
import { byId, canWrite, stageName, useAccountsIndex, useMe, useMembers, useStages } from "../records/lookups";
import { useDebounced, useInfiniteList } from "../records/useInfiniteList";
import { useListParams } from "../records/useListParams";
import { ProspectFormDialog } from "./ProspectFormDialog";

type Sort = "-updated_at" | "-created_at" | "created_at" | "-amount" | "amount" | "title";
const sorts = [
  { value: "-updated_at", label: "Recently updated" },
  { value: "-created_at", label: "Newest first" },
  { value: "created_at", label: "Oldest first" },
  { value: "-amount", label: "Highest value" },
  { value: "amount", label: "Lowest value" },
  { value: "title", label: "Title A–Z" },
];

export function ProspectsPage() {
  const [p, set] = useListParams({ q: "", sort: "-updated_at", status: "open", owner: "", stage: "" });
  const q = useDebounced(p.q);
  const me = useMe();
  const stages = useStages();
  const members = useMembers();
  const accounts = useAccountsIndex();
  const memberMap = byId(members.data);
  const [creating, setCreating] = useState(false);
  const query = useInfiniteList(keys.list("prospects", { q, sort: p.sort, status: p.status, owner: p.owner, stage: p.stage }), (cursor) =>
    unwrap(
      api.GET("/api/v1/prospects", {
        params: {
          query: {
            q: q || undefined,
            sort: p.sort as Sort,
            status: (p.status || undefined) as ProspectStatus | undefined,
            owner_id: p.owner || undefined,
            stage_id: p.stage || undefined,
            cursor,
            limit: 50,
          },
        },
      }),
    ),
  );
  const filterClass = cx(inputClass, "sm:w-40");
  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader
        title="Prospects"
        subtitle="Every buying journey, from first touch to won or lost."
        actions={
          canWrite(me.data?.member.role) && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Icon name="plus" className="size-4" /> New prospect
            </Button>
          )
        }
      />
      <ListToolbar search={p.q} onSearch={(v) => set("q", v)} placeholder="Search by title" sort={p.sort} onSort={(v) => set("sort", v)} sorts={sorts}>
        <label className="min-w-0 flex-1 basis-28 sm:flex-none">
          <span className="sr-only">Status</span>
          <select value={p.status} onChange={(e) => set("status", e.target.value)} className={filterClass}>
            <option value="open">Open</option>
            <option value="won">Won</option>
            <option value="lost">Lost</option>
            <option value="">Any status</option>
          </select>
        </label>
        <label className="min-w-0 flex-1 basis-28 sm:flex-none">
          <span className="sr-only">Stage</span>
          <select value={p.stage} onChange={(e) => set("stage", e.target.value)} className={filterClass}>
            <option value="">Any stage</option>
            {stages.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-0 flex-1 basis-28 sm:flex-none">
          <span className="sr-only">Owner</span>
          <select value={p.owner} onChange={(e) => set("owner", e.target.value)} className={filterClass}>
            <option value="">Any owner</option>
            {members.data?.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      </ListToolbar>
      <DataList<Prospect>
        query={query}
        rowKey={(x) => x.id}
        rowHref={(x) => `/prospects/${x.id}`}
        columns={[
          {
            header: "Prospect",
            className: "w-3/5 md:w-2/5",
            cell: (x) => (
              <div className="min-w-0">
                <Link to={`/prospects/${x.id}`} className="block truncate font-medium text-slate-900 hover:text-brand-700">
                  {x.title}
                </Link>
                <div className="truncate text-[13px] text-slate-500">
                  {(x.account_id && accounts.data?.get(x.account_id)?.name) || "No account"}
                  <span className="md:hidden"> · {formatMoney(x.amount, x.currency)}</span>
                </div>
              </div>
            ),
          },
          { header: "Stage", cell: (x) => <Badge tone={phaseTone[x.phase]}>{stageName(stages.data, x.stage_id)}</Badge> },
          { header: "Value", wide: true, className: "text-right", cell: (x) => <span className="font-medium tabular-nums">{formatMoney(x.amount, x.currency)}</span> },
          { header: "In stage", wide: true, className: "w-24", cell: (x) => <span className="text-slate-500">{age(x.stage_entered_at)}</span> },
          {
            header: "Owner",
            wide: true,
            cell: (x) => {
              const name = (x.owner_id && memberMap.get(x.owner_id)?.name) || "Unassigned";
              return (
                <span className="flex min-w-0 items-center gap-2">
                  <Avatar name={name} seed={x.owner_id ?? "none"} size="sm" />
                  <span className="truncate text-slate-600">{name}</span>
                </span>
              );
            },
          },
        ]}
        empty={
          <EmptyState title="No prospects here" action={canWrite(me.data?.member.role) && <Button variant="primary" onClick={() => setCreating(true)}>New prospect</Button>}>
            {q || p.owner || p.stage || p.status !== "open" ? "Try other filters." : "Create a prospect to start your pipeline."}
          </EmptyState>
        }
      />
      {creating && <ProspectFormDialog openAfter onClose={() => setCreating(false)} />}
    </div>
  );
}
