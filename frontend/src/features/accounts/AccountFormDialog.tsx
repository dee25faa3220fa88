import { useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { Account, AccountCreate } from "../../api/types";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { FormError } from "../../ui/Feedback";
import { TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { useCreateForm } from "../records/useCreateForm";

export function AccountFormDialog({ onClose }: { onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [domain, setDomain] = useState("");
  const { errors, submit, busy } = useCreateForm(
    ["name", "domain"],
    (body: AccountCreate) => unwrap(api.POST("/api/v1/accounts", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body })),
    (a: Account) => {
      void qc.invalidateQueries({ queryKey: ["accounts"] });
      toast(`Created “${a.name}”`);
      onClose();
      navigate(`/accounts/${a.id}`);
    },
  );
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    submit({ name, domain: domain.trim() || null });
  }
  return (
    <Dialog
      open
      title="New account"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="account-form" busy={busy}>
            Create account
          </Button>
        </>
      }
    >
      <form id="account-form" onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <FormError message={errors.form} />
        <TextField label="Company name" placeholder="Globex Corporation" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <TextField label="Domain" placeholder="globex.com" value={domain} onChange={(e) => setDomain(e.target.value)} error={errors.fields.domain} hint="Contacts with this email domain belong here." />
      </form>
    </Dialog>
  );
}
