import { useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import type { Contact } from "../../api/types";
import { keys } from "../../app/keys";
import { contactName, formatDate } from "../../lib/format";
import { Avatar } from "../../ui/Avatar";
import { Button } from "../../ui/Button";
import { EmptyState } from "../../ui/Feedback";
import { Icon } from "../../ui/Icon";
import { PageHeader } from "../../ui/PageHeader";
import { DataList } from "../records/DataList";
import { ListToolbar } from "../records/ListToolbar";
import { canWrite, useAccountsIndex, useMe } from "../records/lookups";
import { useDebounced, useInfiniteList } from "../records/useInfiniteList";
import { useListParams } from "../records/useListParams";
import { ContactFormDialog } from "./ContactFormDialog";

type Sort = "last_name" | "-last_name" | "email" | "-created_at" | "created_at" | "-updated_at";
const sorts = [
  { value: "last_name", label: "Last name A–Z" },
  { value: "-last_name", label: "Last name Z–A" },
  { value: "email", label: "Email" },
  { value: "-created_at", label: "Newest first" },
  { value: "created_at", label: "Oldest first" },
  { value: "-updated_at", label: "Recently updated" },
];

export function ContactsPage() {
  const [p, set] = useListParams({ q: "", sort: "last_name" });
  const q = useDebounced(p.q);
  const me = useMe();
  const accounts = useAccountsIndex();
  const [creating, setCreating] = useState(false);
  const query = useInfiniteList(keys.list("contacts", { q, sort: p.sort }), (cursor) =>
    unwrap(api.GET("/api/v1/contacts", { params: { query: { q: q || undefined, sort: p.sort as Sort, cursor, limit: 50 } } })),
  );
  const accountName = (c: Contact) => (c.account_id ? accounts.data?.get(c.account_id)?.name : undefined);
  return (
    <div className="mx-auto max-w-6xl p-4 sm:p-6">
      <PageHeader
        title="Contacts"
        subtitle="The people you talk to."
        actions={
          canWrite(me.data?.member.role) && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Icon name="plus" className="size-4" /> New contact
            </Button>
          )
        }
      />
      <ListToolbar search={p.q} onSearch={(v) => set("q", v)} placeholder="Search by name" sort={p.sort} onSort={(v) => set("sort", v)} sorts={sorts} />
      <DataList<Contact>
        query={query}
        rowKey={(c) => c.id}
        rowHref={(c) => `/contacts/${c.id}`}
        columns={[
          {
            header: "Name",
            className: "w-2/5",
            cell: (c) => (
              <div className="flex min-w-0 items-center gap-3">
                <Avatar name={contactName(c)} seed={c.id} />
                <div className="min-w-0">
                  <Link to={`/contacts/${c.id}`} className="block truncate font-medium text-slate-900 hover:text-brand-700">
                    {contactName(c)}
                  </Link>
                  <div className="truncate text-[13px] text-slate-500">{c.job_title ?? c.email ?? ""}</div>
                </div>
              </div>
            ),
          },
          { header: "Email", wide: true, cell: (c) => <span className="block truncate text-slate-600">{c.email ?? "—"}</span> },
          {
            header: "Account",
            wide: true,
            cell: (c) =>
              c.account_id ? (
                <Link to={`/accounts/${c.account_id}`} className="block truncate text-slate-700 hover:text-brand-700">
                  {accountName(c) ?? "Account"}
                </Link>
              ) : (
                <span className="text-slate-400">—</span>
              ),
          },
          { header: "Created", wide: true, className: "w-32", cell: (c) => <span className="text-slate-500">{formatDate(c.created_at)}</span> },
        ]}
        empty={
          <EmptyState title={q ? "No contacts match" : "No contacts yet"} action={!q && <Button variant="primary" onClick={() => setCreating(true)}>New contact</Button>}>
            {q ? `Nobody's name starts with “${q}”.` : "Contacts are the people behind your deals. Add one, or let the tracker identify visitors."}
          </EmptyState>
        }
      />
      {creating && <ContactFormDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
