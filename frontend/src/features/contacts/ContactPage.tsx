import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { Contact, ContactCreate } from "../../api/types";
import { keys } from "../../app/keys";
import { contactName, formatDateTime } from "../../lib/format";
import { Avatar } from "../../ui/Avatar";
import { Button } from "../../ui/Button";
import { toast } from "../../ui/toast";
import { ProspectFormDialog } from "../prospects/ProspectFormDialog";
import { FirstTouchCard } from "../source/FirstTouchCard";
import { RecentSessionsCard } from "../source/RecentSessions";
import { Composer } from "../timeline/Composer";
import { Timeline } from "../timeline/Timeline";
import { InlineField } from "../records/InlineField";
import { InlinePicker } from "../records/InlinePicker";
import { canWrite, useMe } from "../records/lookups";
import { DeleteButton, RecordLayout, RecordState, RelatedCard } from "../records/RecordLayout";
import { RelatedProspects } from "../records/RelatedLists";
import { useAccount, useContact } from "../records/records";

export function ContactPage() {
  const { id = "" } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const contact = useContact(id);
  const account = useAccount(contact.data?.account_id);
  const me = useMe();
  const writable = canWrite(me.data?.member.role);
  const [adding, setAdding] = useState(false);

  const patch = (body: ContactCreate) =>
    unwrap(api.PATCH("/api/v1/contacts/{id}", { params: { path: { id } }, body })).then((c: Contact) => {
      qc.setQueryData(keys.record("contacts", id), c);
      void qc.invalidateQueries({ queryKey: ["contacts", "list"] });
      void qc.invalidateQueries({ queryKey: ["related"] });
    });

  if (!contact.data) return <RecordState error={contact.error} isPending={contact.isPending} what="contact" back="/contacts" retry={() => void contact.refetch()} />;
  const c = contact.data;
  const nullable = (v: string) => v.trim() || null;

  return (
    <RecordLayout
      back={{ to: "/contacts", label: "Contacts" }}
      avatar={<Avatar name={contactName(c)} seed={c.id} size="lg" />}
      title={contactName(c)}
      subtitle={[c.job_title, account.data?.name].filter(Boolean).join(" at ") || c.email || undefined}
      actions={
        writable && (
          <>
            <Button size="sm" onClick={() => setAdding(true)}>New prospect</Button>
            <DeleteButton
              what="contact"
              onDelete={async () => {
                await unwrap(api.DELETE("/api/v1/contacts/{id}", { params: { path: { id } } }));
                void qc.invalidateQueries({ queryKey: ["contacts"] });
                toast("Contact deleted");
                navigate("/contacts");
              }}
            />
          </>
        )
      }
      details={
        <>
          <InlineField label="First name" field="first_name" value={c.first_name} readOnly={!writable} onSave={(v) => patch({ first_name: v })} />
          <InlineField label="Last name" field="last_name" value={c.last_name} readOnly={!writable} onSave={(v) => patch({ last_name: v })} />
          <InlineField label="Email" type="email" field="email" value={c.email ?? ""} placeholder="Add email" readOnly={!writable} onSave={(v) => patch({ email: nullable(v) })} />
          <InlineField label="Phone" type="tel" field="phone" value={c.phone ?? ""} placeholder="Add phone" readOnly={!writable} onSave={(v) => patch({ phone: nullable(v) })} />
          <InlineField label="Job title" field="job_title" value={c.job_title ?? ""} placeholder="Add job title" readOnly={!writable} onSave={(v) => patch({ job_title: nullable(v) })} />
          <InlinePicker
            label="Account"
            entity="accounts"
            value={c.account_id}
            readOnly={!writable}
            display={c.account_id ? <Link className="font-medium text-brand-700 hover:underline" to={`/accounts/${c.account_id}`}>{account.data?.name ?? "…"}</Link> : <span className="text-slate-400">None</span>}
            onSave={(acc) => patch({ account_id: acc })}
          />
          <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-2 py-1.5">
            <dt className="text-[13px] text-slate-500">Created</dt>
            <dd className="text-slate-700">{formatDateTime(c.created_at)}</dd>
          </div>
        </>
      }
      related={
        <>
          <FirstTouchCard touch={c.first_touch} />
          <RelatedCard title="Prospects">
            <RelatedProspects by="contact_id" id={c.id} />
          </RelatedCard>
          <RecentSessionsCard entity="contacts" id={c.id} />
        </>
      }
    >
      {writable && <Composer entity="contacts" id={c.id} />}
      <Timeline entity="contacts" id={c.id} />
      {adding && <ProspectFormDialog accountId={c.account_id} contactId={c.id} onClose={() => setAdding(false)} />}
    </RecordLayout>
  );
}
