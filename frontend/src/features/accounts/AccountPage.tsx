import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { Account, AccountPatch } from "../../api/types";
import { keys } from "../../app/keys";
import { formatDateTime } from "../../lib/format";
import { Avatar } from "../../ui/Avatar";
import { Button } from "../../ui/Button";
import { toast } from "../../ui/toast";
import { ContactFormDialog } from "../contacts/ContactFormDialog";
import { ProspectFormDialog } from "../prospects/ProspectFormDialog";
import { AccountFirstTouch } from "../source/AccountFirstTouch";
import { RecentSessionsCard } from "../source/RecentSessions";
import { Composer } from "../timeline/Composer";
import { Timeline } from "../timeline/Timeline";
import { InlineField } from "../records/InlineField";
import { canWrite, useMe } from "../records/lookups";
import { DeleteButton, RecordLayout, RecordState, RelatedCard } from "../records/RecordLayout";
import { RelatedContacts, RelatedProspects } from "../records/RelatedLists";
import { useAccount } from "../records/records";

export function AccountPage() {
  const { id = "" } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const account = useAccount(id);
  const me = useMe();
  const writable = canWrite(me.data?.member.role);
  const [adding, setAdding] = useState<"contact" | "prospect" | null>(null);

  const patch = (body: AccountPatch) =>
    unwrap(api.PATCH("/api/v1/accounts/{id}", { params: { path: { id } }, body })).then((a: Account) => {
      qc.setQueryData(keys.record("accounts", id), a);
      void qc.invalidateQueries({ queryKey: ["accounts", "list"] });
      void qc.invalidateQueries({ queryKey: keys.accountsIndex });
    });

  if (!account.data) return <RecordState error={account.error} isPending={account.isPending} what="account" back="/accounts" retry={() => void account.refetch()} />;
  const a = account.data;
  const add = (what: "contact" | "prospect") =>
    writable && (
      <button type="button" className="text-[13px] font-medium text-brand-600 hover:text-brand-700" onClick={() => setAdding(what)}>
        + Add
      </button>
    );

  return (
    <RecordLayout
      back={{ to: "/accounts", label: "Accounts" }}
      avatar={<Avatar name={a.name} seed={a.id} size="lg" />}
      title={a.name}
      subtitle={a.domain ?? "No domain"}
      actions={
        writable && (
          <>
            <Button size="sm" onClick={() => setAdding("prospect")}>New prospect</Button>
            <DeleteButton
              what="account"
              onDelete={async () => {
                await unwrap(api.DELETE("/api/v1/accounts/{id}", { params: { path: { id } } }));
                void qc.invalidateQueries({ queryKey: ["accounts"] });
                toast("Account deleted; its contacts and prospects stay, unlinked");
                navigate("/accounts");
              }}
            />
          </>
        )
      }
      details={
        <>
          <InlineField label="Name" field="name" value={a.name} readOnly={!writable} onSave={(v) => patch({ name: v })} />
          <InlineField label="Domain" field="domain" value={a.domain ?? ""} placeholder="Add a domain" readOnly={!writable} onSave={(v) => patch({ domain: v.trim() || null })} />
          <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-2 py-1.5">
            <dt className="text-[13px] text-slate-500">Created</dt>
            <dd className="text-slate-700">{formatDateTime(a.created_at)}</dd>
          </div>
        </>
      }
      related={
        <>
          <AccountFirstTouch accountId={a.id} />
          <RelatedCard title="Prospects" action={add("prospect")}>
            <RelatedProspects by="account_id" id={a.id} />
          </RelatedCard>
          <RelatedCard title="Contacts" action={add("contact")}>
            <RelatedContacts accountId={a.id} />
          </RelatedCard>
          <RecentSessionsCard entity="accounts" id={a.id} />
        </>
      }
    >
      {writable && <Composer entity="accounts" id={a.id} />}
      <Timeline entity="accounts" id={a.id} />
      {adding === "contact" && <ContactFormDialog accountId={a.id} stay onClose={() => setAdding(null)} />}
      {adding === "prospect" && <ProspectFormDialog accountId={a.id} onClose={() => setAdding(null)} />}
    </RecordLayout>
  );
}
