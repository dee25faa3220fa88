import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, fetchAll, idempotencyKey, unwrap } from "../../api/client";
import { formErrors, noErrors } from "../../api/formErrors";
import { ROLES, type Invite, type Member, type Role } from "../../api/types";
import { keys } from "../../app/keys";
import { formatDate } from "../../lib/format";
import { Avatar } from "../../ui/Avatar";
import { Badge } from "../../ui/Badge";
import { Button } from "../../ui/Button";
import { ErrorState, FormError, Loading } from "../../ui/Feedback";
import { inputClass, SelectField, TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { isAdmin, useMe, useMembers } from "../records/lookups";
import { Card } from "./SettingsPage";
import { SecretOnce } from "./SecretOnce";

const roleHelp: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer (read only)",
};

function MemberRow({ m, meId, manage }: { m: Member; meId?: string; manage: boolean }) {
  const qc = useQueryClient();
  const setRole = useMutation({
    mutationFn: (role: Role) => unwrap(api.PATCH("/api/v1/members/{id}", { params: { path: { id: m.id } }, body: { role } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.members }),
    onError: (e) => toast(e.message, "error"),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/members/{id}", { params: { path: { id: m.id } } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.members });
      toast(`${m.name} was removed`);
    },
    onError: (e) => toast(e.message, "error"),
  });
  const self = m.id === meId;
  return (
    <li className="flex flex-wrap items-center gap-3 py-3">
      <Avatar name={m.name} seed={m.id} />
      <div className="min-w-0 flex-1 basis-40">
        <div className="truncate font-medium">
          {m.name} {self && <span className="font-normal text-slate-400">(you)</span>}
        </div>
        <div className="truncate text-[13px] text-slate-500">{m.email}</div>
      </div>
      {manage && !self ? (
        <>
          <select aria-label={`Role of ${m.name}`} value={m.role} disabled={setRole.isPending} onChange={(e) => setRole.mutate(e.target.value as Role)} className={`${inputClass} w-auto py-1.5`}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleHelp[r]}
              </option>
            ))}
          </select>
          <Button size="sm" variant="ghost" busy={remove.isPending} onClick={() => remove.mutate()}>
            Remove
          </Button>
        </>
      ) : (
        <Badge>{roleHelp[m.role]}</Badge>
      )}
    </li>
  );
}

function Invites() {
  const qc = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [errors, setErrors] = useState(noErrors);
  const [link, setLink] = useState<string | null>(null);
  const invites = useQuery({
    queryKey: keys.invites,
    queryFn: () => fetchAll<Invite>((cursor) => unwrap(api.GET("/api/v1/invites", { params: { query: { limit: 200, cursor } } }))),
  });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/invites", { params: { header: { "Idempotency-Key": idempotencyKey() } }, body: { email, role } })),
    onMutate: () => setErrors(noErrors),
    onError: (e) => setErrors(formErrors(e, ["email", "role"])),
    onSuccess: (inv) => {
      setEmail("");
      setLink(inv.token ? `${location.origin}/accept-invite?token=${encodeURIComponent(inv.token)}` : null);
      void qc.invalidateQueries({ queryKey: keys.invites });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/invites/{id}", { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.invites }),
    onError: (e) => toast(e.message, "error"),
  });
  return (
    <Card title="Invite people" description="An invite is a link valid for 7 days. Send it to the person yourself.">
      <form onSubmit={(e: FormEvent) => (e.preventDefault(), create.mutate())} noValidate className="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_11rem_auto]">
        <div className="sm:col-span-3">
          <FormError message={errors.form} />
        </div>
        <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fields.email} />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} error={errors.fields.role}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleHelp[r]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" busy={create.isPending}>
          Create invite
        </Button>
      </form>
      {link && (
        <div className="mt-4">
          <SecretOnce label="Invite link" value={link} note="Copy it now: for your safety it is shown only once." />
        </div>
      )}
      {invites.data && invites.data.length > 0 && (
        <ul className="mt-4 divide-y divide-slate-100 border-t border-slate-100">
          {invites.data.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center gap-3 py-2.5">
              <div className="min-w-0 flex-1">
                <div className="truncate font-medium">{i.email}</div>
                <div className="text-[13px] text-slate-500">
                  {roleHelp[i.role]} · expires {formatDate(i.expires_at)}
                </div>
              </div>
              <Button size="sm" variant="ghost" busy={revoke.isPending && revoke.variables === i.id} onClick={() => revoke.mutate(i.id)}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function MembersSettings() {
  const members = useMembers();
  const me = useMe();
  const manage = isAdmin(me.data?.member.role);
  if (members.error) return <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  if (!members.data) return <Loading />;
  return (
    <div className="flex flex-col gap-5">
      <Card title={`Members (${members.data.length})`} description="Owners and admins manage the team; viewers can read but not change anything.">
        <ul className="-my-3 divide-y divide-slate-100">
          {members.data.map((m) => (
            <MemberRow key={m.id} m={m} meId={me.data?.member.id} manage={manage} />
          ))}
        </ul>
      </Card>
      {manage && <Invites />}
    </div>
  );
}
