import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { Contact, ContactCreate } from "../../api/types";
import { contactName } from "../../lib/format";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { FormError } from "../../ui/Feedback";
import { TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { RecordPicker } from "../records/RecordPicker";
import { useCreateForm } from "../records/useCreateForm";

const shown = ["first_name", "last_name", "email", "phone", "job_title", "account_id"] as const;

export function ContactFormDialog({ onClose, accountId = null, stay }: { onClose: () => void; accountId?: string | null; stay?: boolean }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [f, setF] = useState({ first_name: "", last_name: "", email: "", phone: "", job_title: "" });
  const [account, setAccount] = useState<string | null>(accountId);
  const { errors, submit, busy } = useCreateForm(
    shown,
    (body: ContactCreate) => unwrap(api.POST("/api/v1/contacts", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body })),
    (c: Contact) => {
      void qc.invalidateQueries({ queryKey: ["contacts"] });
      void qc.invalidateQueries({ queryKey: ["related"] });
      toast(`Created ${contactName(c)}`);
      onClose();
      if (!stay) navigate(`/contacts/${c.id}`);
    },
  );
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    submit({
      first_name: f.first_name,
      last_name: f.last_name,
      email: f.email.trim() || null,
      phone: f.phone.trim() || null,
      job_title: f.job_title.trim() || null,
      account_id: account,
    });
  }
  return (
    <Dialog
      open
      title="New contact"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="contact-form" busy={busy}>
            Create contact
          </Button>
        </>
      }
    >
      <form id="contact-form" onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <FormError message={errors.form} />
        </div>
        <TextField label="First name" value={f.first_name} onChange={set("first_name")} error={errors.fields.first_name} />
        <TextField label="Last name" value={f.last_name} onChange={set("last_name")} error={errors.fields.last_name} />
        <TextField label="Email" type="email" value={f.email} onChange={set("email")} error={errors.fields.email} />
        <TextField label="Phone" type="tel" value={f.phone} onChange={set("phone")} error={errors.fields.phone} />
        <TextField label="Job title" value={f.job_title} onChange={set("job_title")} error={errors.fields.job_title} />
        <RecordPicker entity="accounts" label="Account" value={account} onChange={setAccount} error={errors.fields.account_id} />
      </form>
    </Dialog>
  );
}
