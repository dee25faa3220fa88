import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { Prospect, ProspectCreate } from "../../api/types";
import { keys } from "../../app/keys";
import { toMinor } from "../../lib/format";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { FormError } from "../../ui/Feedback";
import { SelectField, TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { RecordPicker } from "../records/RecordPicker";
import { useCreateForm } from "../records/useCreateForm";
import { useMe, useMembers, useStages } from "../records/lookups";

const shown = ["title", "account_id", "contacts", "amount", "currency", "stage_id", "owner_id", "expected_close_date"] as const;

interface Props {
  onClose: () => void;
  /** open the new record instead of staying where we are */
  openAfter?: boolean;
  accountId?: string | null;
  contactId?: string | null;
}

export function ProspectFormDialog({ onClose, openAfter, accountId = null, contactId = null }: Props) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const stages = useStages();
  const members = useMembers();
  const me = useMe();
  const [title, setTitle] = useState("");
  const [account, setAccount] = useState<string | null>(accountId);
  const [contact, setContact] = useState<string | null>(contactId);
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("EUR");
  const [stage, setStage] = useState("");
  const [owner, setOwner] = useState<string | null>(null);
  const [close, setClose] = useState("");
  const [amountError, setAmountError] = useState<string>();

  const { errors, submit, busy } = useCreateForm(
    shown,
    (body: ProspectCreate) => unwrap(api.POST("/api/v1/prospects", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body })),
    (p: Prospect) => {
      qc.setQueryData<Prospect[]>(keys.board, (list) => (list ? [p, ...list] : list));
      void qc.invalidateQueries({ queryKey: ["prospects", "list"] });
      void qc.invalidateQueries({ queryKey: ["related"] });
      toast(`Created “${p.title}”`);
      onClose();
      if (openAfter) navigate(`/prospects/${p.id}`);
    },
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const cur = currency.trim().toUpperCase();
    const minor = toMinor(amount, cur.length === 3 ? cur : "EUR");
    if (minor === null) {
      setAmountError("Enter a number, like 12500 or 12500.50.");
      return;
    }
    setAmountError(undefined);
    submit({
      title,
      account_id: account,
      contacts: contact ? [{ contact_id: contact }] : undefined,
      amount: minor,
      currency: cur,
      stage_id: stage || undefined,
      owner_id: owner ?? me.data?.member.id ?? null,
      expected_close_date: close || null,
    });
  }

  return (
    <Dialog
      open
      title="New prospect"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="prospect-form" busy={busy}>
            Create prospect
          </Button>
        </>
      }
    >
      <form id="prospect-form" onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <FormError message={errors.form} />
        </div>
        <TextField className="sm:col-span-2" label="Title" placeholder="Globex platform deal" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.fields.title} />
        <RecordPicker entity="accounts" label="Account" value={account} onChange={setAccount} error={errors.fields.account_id} />
        <RecordPicker entity="contacts" label="Contact" value={contact} onChange={setContact} error={errors.fields.contacts} />
        <TextField label="Value" inputMode="decimal" placeholder="0" value={amount} onChange={(e) => setAmount(e.target.value)} error={amountError ?? errors.fields.amount} />
        <TextField label="Currency" maxLength={3} value={currency} onChange={(e) => setCurrency(e.target.value)} error={errors.fields.currency} />
        <SelectField label="Stage" value={stage} onChange={(e) => setStage(e.target.value)} error={errors.fields.stage_id}>
          <option value="">First stage</option>
          {stages.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Owner" value={owner ?? me.data?.member.id ?? ""} onChange={(e) => setOwner(e.target.value)} error={errors.fields.owner_id}>
          {members.data?.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <TextField label="Expected close" type="date" value={close} onChange={(e) => setClose(e.target.value)} error={errors.fields.expected_close_date} />
      </form>
    </Dialog>
  );
}
