import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import type { Account } from "../../api/types";
import { keys } from "../../app/keys";
import { formatDate } from "../../lib/format";
import { Avatar } from "../../ui/Avatar";
import { Button } from "../../ui/Button";
import { EmptyState } from "../../ui/Feedback";
import { Icon } from "../../ui/Icon";
import { PageHeader } from "../../ui/PageHeader";
import { DataList } from "../records/DataList";
import { ListToolbar } from "../records/ListToolbar";
import { canWrite, useMe } from "../records/lookups";
import { useDebounced, useInfiniteList } from "../records/useInfiniteList";
import { useListParams } from "../records/useListParams";
import { AccountFormDialog } from "./AccountFormDialog";

type Sort = "name" | "-name" | "-created_at" | "created_at" | "-updated_at";
const sorts = [
  { value: "name", label: "Name A–Z" },
  { value: "-name", label: "Name Z–A" },
  { value: "-created_at", label: "Newest first" },
  { value: "created_at", label: "Oldest first" },
  { value: "-updated_at", label: "Recently updated" },
];

export function AccountsPage() {
  const [p, set] = useListParams({ q: "", sort: "name" });
  const q = useDebounced(p.q);
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const query = useInfiniteList(keys.list("accounts", { q, sort: p.sort }), (cursor) =>
    unwrap(api.GET("/api/v1/accounts", { params: { query: { q: q || undefined, sort: p.sort as Sort, cursor, limit: 50 } } })),
  );
  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader
        title="Accounts"
        subtitle="The companies you sell to."
        actions={
          canWrite(me.data?.member.role) && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Icon name="plus" className="size-4" /> New account
            </Button>
          )
        }
      />
      <ListToolbar search={p.q} onSearch={(v) => set("q", v)} placeholder="Search by name" sort={p.sort} onSort={(v) => set("sort", v)} sorts={sorts} />
      <DataList<Account>
        query={query}
        rowKey={(a) => a.id}
        rowHref={(a) => `/accounts/${a.id}`}
        columns={[
          {
            header: "Name",
            className: "w-1/2",
            cell: (a) => (
              <div className="flex min-w-0 items-center gap-3">
                <Avatar name={a.name} seed={a.id} />
                <div className="min-w-0">
                  <Link to={`/accounts/${a.id}`} className="block truncate font-medium text-slate-900 hover:text-brand-700">
                    {a.name}
                  </Link>
                  <div className="truncate text-[13px] text-slate-500 md:hidden">{a.domain ?? "No domain"}</div>
                </div>
              </div>
            ),
          },
          { header: "Domain", wide: true, cell: (a) => <span className="text-slate-600">{a.domain ?? "—"}</span> },
          { header: "Created", wide: true, cell: (a) => <span className="text-slate-500">{formatDate(a.created_at)}</span> },
        ]}
        empty={
          <EmptyState title={q ? "No accounts match" : "No accounts yet"} action={!q && <Button variant="primary" onClick={() => setCreating(true)}>New account</Button>}>
            {q ? `Nothing starts with “${q}”.` : "Accounts are companies; their contacts and deals gather on the account's page."}
          </EmptyState>
        }
      />
      {creating && <AccountFormDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
