import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, fetchAll, idempotencyKey, unwrap } from "../../api/client";
import { formErrors, noErrors } from "../../api/formErrors";
import type { APIKey } from "../../api/types";
import { keys } from "../../app/keys";
import { formatDate, relative } from "../../lib/format";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { ErrorState, FormError, Loading } from "../../ui/Feedback";
import { SelectField, TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { Card } from "./SettingsPage";
import { SecretOnce } from "./SecretOnce";

/** ApiKeysSettings: keys for integrations; the secret is shown once, at creation. */
export function ApiKeysSettings() {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "read_write" | "import">("read");
  const [errors, setErrors] = useState(noErrors);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useQuery({
    queryKey: keys.apiKeys,
    queryFn: () => fetchAll<APIKey>((cursor) => unwrap(api.GET("/api/v1/api-keys", { params: { query: { limit: 200, cursor } } }))),
  });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/api-keys", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { name, scope } })),
    onMutate: () => setErrors(noErrors),
    onError: (e) => setErrors(formErrors(e, ["name", "scope"])),
    onSuccess: (k) => {
      setName("");
      setSecret(k.key ?? null);
      void qc.invalidateQueries({ queryKey: keys.apiKeys });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/api-keys/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.apiKeys });
      toast("Key revoked");
    },
    onError: (e) => toast(e.message, "error"),
  });

  return (
    <Card title="API keys" description="For integrations and scripts: send the key as a Bearer token. Revoke a key the moment it leaks.">
      <form onSubmit={(e: FormEvent) => (e.preventDefault(), create.mutate())} noValidate className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_11rem_auto]">
        <div className="sm:col-span-3">
          <FormError message={errors.form} />
        </div>
        <TextField label="Name" placeholder="Zapier sync" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <SelectField label="Access" value={scope} onChange={(e) => setScope(e.target.value as "read" | "read_write" | "import")} error={errors.fields.scope}>
          <option value="read">Read only</option>
          <option value="read_write">Read and write</option>
          <option value="import">Import history (read, write, and date records in the past)</option>
        </SelectField>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create key
        </Button>
      </form>
      {secret && (
        <div className="mt-4">
          <SecretOnce label="Your new API key" value={secret} note="Copy it now. It is stored hashed and will never be shown again." />
        </div>
      )}
      <div className="mt-4 border-t border-slate-100">
        {list.error ? (
          <div className="pt-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : !list.data ? (
          <Loading />
        ) : list.data.length === 0 ? (
          <p className="pt-4 text-slate-500">No keys yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {list.data.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center gap-3 py-3" data-testid="api-key-row">
                <div className="min-w-0 flex-1 basis-48">
                  <div className="flex items-center gap-2">
                    <span className="truncate font-medium">{k.name}</span>
                    <Badge tone={k.scope === "read" ? "slate" : "amber"}>{k.scope === "read" ? "read" : k.scope === "import" ? "import" : "read & write"}</Badge>
                  </div>
                  <div className="text-[13px] text-slate-500">
                    <code className="font-mono">{k.prefix}…</code> · created {formatDate(k.created_at)} · {k.last_used_at ? `used ${relative(k.last_used_at)}` : "never used"}
                  </div>
                </div>
                <Button size="sm" variant="danger" busy={revoke.isPending && revoke.variables === k.id} onClick={() => revoke.mutate(k.id)}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
