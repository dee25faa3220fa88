import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { Prospect, ProspectPatch } from "../../api/types";
import { keys } from "../../app/keys";
import { age, contactName, formatDate, formatDateTime, formatMoney, fromMinor, phaseLabel, toMinor } from "../../lib/format";
import { ApiError } from "../../api/problem";
import { Badge, phaseTone } from "../../ui/Badge";
import { Icon } from "../../ui/Icon";
import { toast } from "../../ui/toast";
import { FirstTouchCard } from "../source/FirstTouchCard";
import { RecentSessionsCard } from "../source/RecentSessions";
import { Composer } from "../timeline/Composer";
import { Timeline } from "../timeline/Timeline";
import { InlineField } from "../records/InlineField";
import { InlinePicker } from "../records/InlinePicker";
import { byId, canWrite, stageName, useMe, useMembers, useStages } from "../records/lookups";
import { DeleteButton, RecordLayout, RecordState, RelatedCard } from "../records/RecordLayout";
import { useAccount, useContact, useProspect } from "../records/records";

function ContactLine({ id, role }: { id: string; role?: string }) {
  const c = useContact(id);
  return (
    <li className="flex items-center justify-between gap-2 py-1.5">
      <Link to={`/contacts/${id}`} className="truncate font-medium text-slate-800 hover:text-brand-700">
        {c.data ? contactName(c.data) : "…"}
      </Link>
      {role && role !== "other" && <Badge>{role.replace(/_/g, " ")}</Badge>}
    </li>
  );
}

export function ProspectPage() {
  const { id = "" } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const prospect = useProspect(id);
  const stages = useStages();
  const members = useMembers();
  const me = useMe();
  const account = useAccount(prospect.data?.account_id);
  const writable = canWrite(me.data?.member.role);

  const saved = (p: Prospect) => {
    qc.setQueryData(keys.record("prospects", p.id), p);
    qc.setQueryData<Prospect[]>(keys.board, (list) => list?.map((x) => (x.id === p.id ? p : x)));
    void qc.invalidateQueries({ queryKey: ["prospects", "list"] });
  };
  const patch = (body: ProspectPatch) => unwrap(api.PATCH("/api/v1/prospects/{id}", { params: { path: { id } }, body })).then(saved);
  const move = useMutation({
    mutationFn: async (stageId: string) => {
      await unwrap(api.POST("/api/v1/prospects/{id}/stage-changes", { params: { path: { id }, header: { "Idempotency-Key": idempotencyKey() } }, body: { stage_id: stageId } }));
      return unwrap(api.GET("/api/v1/prospects/{id}", { params: { path: { id } } }));
    },
    onSuccess: (p) => {
      saved(p);
      void qc.invalidateQueries({ queryKey: ["timeline"] });
      toast(`Moved to ${stageName(stages.data, p.stage_id)}`);
    },
  });

  if (!prospect.data) return <RecordState error={prospect.error} isPending={prospect.isPending} what="prospect" back="/prospects" retry={() => void prospect.refetch()} />;
  const p = prospect.data;
  const owner = p.owner_id ? byId(members.data).get(p.owner_id) : undefined;

  return (
    <RecordLayout
      back={{ to: "/board", label: "Board" }}
      title={p.title}
      subtitle={
        <span className="flex flex-wrap items-center gap-2">
          <Badge tone={phaseTone[p.phase]}>{stageName(stages.data, p.stage_id)}</Badge>
          <span>{formatMoney(p.amount, p.currency)}</span>
          <span>· {age(p.stage_entered_at) === "now" ? "just entered this stage" : `${age(p.stage_entered_at)} in this stage`}</span>
        </span>
      }
      actions={
        <>
          <Link
            to={`/reports/attribution?prospect=${p.id}`}
            className="inline-flex h-9 items-center gap-1.5 rounded-lg bg-white px-3.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50"
          >
            <Icon name="reports" className="size-4" />
            Attribution
          </Link>
          {writable && (
            <DeleteButton
              what="prospect"
              onDelete={async () => {
                await unwrap(api.DELETE("/api/v1/prospects/{id}", { params: { path: { id } } }));
                qc.setQueryData<Prospect[]>(keys.board, (list) => list?.filter((x) => x.id !== id));
                void qc.invalidateQueries({ queryKey: ["prospects"] });
                toast("Prospect deleted");
                navigate("/board");
              }}
            />
          )}
        </>
      }
      details={
        <>
          <InlineField label="Title" field="title" value={p.title} readOnly={!writable} onSave={(v) => patch({ title: v })} />
          <InlineField
            label="Stage"
            type="select"
            value={p.stage_id}
            readOnly={!writable}
            display={<Badge tone={phaseTone[p.phase]}>{stageName(stages.data, p.stage_id)}</Badge>}
            options={(stages.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${phaseLabel[s.phase]})` }))}
            onSave={(v) => move.mutateAsync(v)}
          />
          <InlineField
            label="Value"
            field="amount"
            value={fromMinor(p.amount, p.currency)}
            display={formatMoney(p.amount, p.currency)}
            readOnly={!writable}
            onSave={(v) => {
              const minor = toMinor(v, p.currency);
              if (minor === null) return Promise.reject(new ApiError(422, { type: "about:blank", title: "Invalid", status: 422, code: "validation_failed", detail: "Enter a number, like 12500.50." }));
              return patch({ amount: minor });
            }}
          />
          <InlineField label="Currency" field="currency" value={p.currency} readOnly={!writable} onSave={(v) => patch({ currency: v.trim().toUpperCase() })} />
          <InlineField
            label="Owner"
            type="select"
            value={p.owner_id ?? ""}
            display={owner?.name ?? <span className="text-slate-400">Unassigned</span>}
            readOnly={!writable}
            options={[{ value: "", label: "Unassigned" }, ...(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))]}
            onSave={(v) => patch({ owner_id: v || null })}
          />
          <InlinePicker
            label="Account"
            entity="accounts"
            value={p.account_id}
            readOnly={!writable}
            display={p.account_id ? <Link className="font-medium text-brand-700 hover:underline" to={`/accounts/${p.account_id}`}>{account.data?.name ?? "…"}</Link> : <span className="text-slate-400">None</span>}
            onSave={(acc) => patch({ account_id: acc })}
          />
          <InlineField
            label="Expected close"
            type="date"
            field="expected_close_date"
            value={p.expected_close_date ?? ""}
            display={p.expected_close_date ? formatDate(p.expected_close_date) : undefined}
            placeholder="Set a date"
            readOnly={!writable}
            onSave={(v) => patch({ expected_close_date: v || null })}
          />
          {p.status === "lost" && <InlineField label="Lost reason" field="lost_reason" value={p.lost_reason ?? ""} readOnly={!writable} onSave={(v) => patch({ lost_reason: v || null })} />}
          <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-2 py-1.5">
            <dt className="text-[13px] text-slate-500">Created</dt>
            <dd className="text-slate-700">{formatDateTime(p.created_at)}</dd>
          </div>
        </>
      }
      related={
        <>
          <FirstTouchCard touch={p.first_touch} />
          <RelatedCard title={`Contacts (${p.contacts.length})`}>
            {p.contacts.length === 0 ? (
              <p className="py-1.5 text-slate-500">No contacts linked.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {p.contacts.map((c) => (
                  <ContactLine key={c.contact_id} id={c.contact_id} role={c.role} />
                ))}
              </ul>
            )}
          </RelatedCard>
          <RecentSessionsCard entity="prospects" id={p.id} />
        </>
      }
    >
      {writable && <Composer entity="prospects" id={p.id} />}
      <Timeline entity="prospects" id={p.id} />
    </RecordLayout>
  );
}
