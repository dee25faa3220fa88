import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { formErrors, noErrors } from "../../api/formErrors";
import { setSession } from "../../api/session";
import { keys } from "../../app/keys";
import { Button } from "../../ui/Button";
import { FormError, Loading } from "../../ui/Feedback";
import { TextField } from "../../ui/Field";
import { toast } from "../../ui/toast";
import { isAdmin, useMe } from "../records/lookups";
import { Card } from "./SettingsPage";

export function ProfileSettings() {
  const me = useMe();
  if (!me.data) return <Loading />;
  return (
    <div className="flex flex-col gap-5">
      <NameForm key={me.data.member.name} initial={me.data.member.name} email={me.data.member.email} />
      {isAdmin(me.data.member.role) && <WorkspaceForm key={me.data.workspace.name} initial={me.data.workspace.name} />}
      <PasswordForm />
    </div>
  );
}

function NameForm({ initial, email }: { initial: string; email: string }) {
  const qc = useQueryClient();
  const [name, setName] = useState(initial);
  const [errors, setErrors] = useState(noErrors);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH("/api/v1/me", { body: { name } })),
    onMutate: () => setErrors(noErrors),
    onError: (e) => setErrors(formErrors(e, ["name"])),
    onSuccess: (m) => {
      qc.setQueryData(keys.me, m);
      void qc.invalidateQueries({ queryKey: keys.members });
      toast("Profile saved");
    },
  });
  return (
    <Card title="Your profile" description={`You sign in as ${email}.`}>
      <form onSubmit={(e: FormEvent) => (e.preventDefault(), save.mutate())} noValidate className="flex max-w-md flex-col gap-4">
        <FormError message={errors.form} />
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <div>
          <Button type="submit" variant="primary" busy={save.isPending}>Save profile</Button>
        </div>
      </form>
    </Card>
  );
}

function WorkspaceForm({ initial }: { initial: string }) {
  const qc = useQueryClient();
  const [name, setName] = useState(initial);
  const [errors, setErrors] = useState(noErrors);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH("/api/v1/workspace", { body: { name } })),
    onMutate: () => setErrors(noErrors),
    onError: (e) => setErrors(formErrors(e, ["name"])),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.me });
      toast("Workspace renamed");
    },
  });
  return (
    <Card title="Workspace" description="The name your team sees.">
      <form onSubmit={(e: FormEvent) => (e.preventDefault(), save.mutate())} noValidate className="flex max-w-md flex-col gap-4">
        <FormError message={errors.form} />
        <TextField label="Workspace name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <div>
          <Button type="submit" variant="primary" busy={save.isPending}>Save workspace</Button>
        </div>
      </form>
    </Card>
  );
}

function PasswordForm() {
  const navigate = useNavigate();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState(noErrors);
  const save = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/me/password", { body: { current_password: current, new_password: next } })),
    onMutate: () => setErrors(noErrors),
    onError: (e) => setErrors(formErrors(e, ["current_password", "new_password"])),
    onSuccess: () => {
      // The server revoked every session of this member, this one too.
      setSession(null);
      toast("Password changed. Sign in with the new one.");
      navigate("/login", { replace: true });
    },
  });
  return (
    <Card title="Password" description="Changing it signs you out everywhere.">
      <form onSubmit={(e: FormEvent) => (e.preventDefault(), save.mutate())} noValidate className="flex max-w-md flex-col gap-4">
        <FormError message={errors.form} />
        <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.fields.current_password} />
        <TextField label="New password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} error={errors.fields.new_password} hint="At least 10 characters." />
        <div>
          <Button type="submit" variant="primary" busy={save.isPending}>Change password</Button>
        </div>
      </form>
    </Card>
  );
}
