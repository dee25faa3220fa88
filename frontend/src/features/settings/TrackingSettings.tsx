import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, fetchAll, idempotencyKey, unwrap } from "../../api/client";
import { formErrors, noErrors } from "../../api/formErrors";
import type { WriteKey } from "../../api/types";
import { keys } from "../../app/keys";
import { formatDate } from "../../lib/format";
import { Button } from "../../ui/Button";
import { ErrorState, FormError, Loading } from "../../ui/Feedback";
import { TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { isAdmin, useMe } from "../records/lookups";
import { LiveEvents } from "./LiveEvents";
import { Card } from "./SettingsPage";
import { TrackingSnippet } from "./TrackingSnippet";

/** TrackingSettings: the write keys a site sends events with, and what has arrived. */
export function TrackingSettings() {
  return (
    <div className="flex flex-col gap-5">
      <WriteKeys />
      <LiveEvents />
    </div>
  );
}

function WriteKeys() {
  const qc = useQueryClient();
  const me = useMe();
  const manage = isAdmin(me.data?.member.role);
  const [name, setName] = useState("");
  const [errors, setErrors] = useState(noErrors);
  const list = useQuery({
    queryKey: keys.writeKeys,
    queryFn: () => fetchAll<WriteKey>((cursor) => unwrap(api.GET("/api/v1/write-keys", { params: { query: { limit: 200, cursor } } }))),
  });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/write-keys", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { name } })),
    onMutate: () => setErrors(noErrors),
    onError: (e) => setErrors(formErrors(e, ["name"])),
    onSuccess: () => {
      setName("");
      void qc.invalidateQueries({ queryKey: keys.writeKeys });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/write-keys/{id}", { params: { path: { id } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.writeKeys });
      toast("Write key revoked");
    },
    onError: (e) => toast(e.message, "error"),
  });
  // The snippet names this server, as the browser reached it.
  const origin = window.location.origin;

  return (
    <Card title="Write keys" description="A write key is public: it ships in your site's pages and can only send events. Revoke it to stop a site sending.">
      {manage && (
        <form onSubmit={(e: FormEvent) => (e.preventDefault(), create.mutate())} noValidate className="mb-4 grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_auto]">
          <div className="sm:col-span-2">
            <FormError message={errors.form} />
          </div>
          <TextField label="Name" placeholder="Website" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create write key
          </Button>
        </form>
      )}
      <div className="border-t border-slate-100">
        {list.error ? (
          <div className="pt-4">
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : !list.data ? (
          <Loading />
        ) : list.data.length === 0 ? (
          <p className="pt-4 text-slate-500">No write keys yet.{manage ? " Create one to get the snippet for your site." : " Ask an owner or admin to create one."}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {list.data.map((k) => (
              <li key={k.id} className="py-3" data-testid="write-key-row">
                <div className="flex flex-wrap items-center gap-3">
                  <div className="min-w-0 flex-1 basis-48">
                    <span className="truncate font-medium">{k.name}</span>
                    <span className="ml-2 text-[13px] text-slate-500">created {formatDate(k.created_at)}</span>
                  </div>
                  {manage && (
                    <Button size="sm" variant="danger" busy={revoke.isPending && revoke.variables === k.id} onClick={() => revoke.mutate(k.id)}>
                      Revoke
                    </Button>
                  )}
                </div>
                <TrackingSnippet origin={origin} writeKey={k.key} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
