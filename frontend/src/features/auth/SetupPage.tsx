import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { formErrors, noErrors } from "../../api/formErrors";
import { Button } from "../../ui/Button";
import { FormError, Loading } from "../../ui/Feedback";
import { TextField } from "../../ui/Field";
import { signup } from "./actions";
import { AuthLayout } from "./AuthLayout";
import { useSession } from "./useSession";
import { useSetupStatus } from "./useSetupStatus";

const fields = ["workspace_name", "name", "email", "password"] as const;

/** SetupPage creates a workspace and its owner: the first run, or a new team where sign-up is open. */
export function SetupPage() {
  const session = useSession();
  const setup = useSetupStatus();
  const navigate = useNavigate();
  const [form, setForm] = useState({ workspace_name: "", name: "", email: "", password: "" });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState(noErrors);

  if (session) return <Navigate to="/board" replace />;
  if (setup.isPending) return <Loading />;
  if (setup.data && !setup.data.needs_setup && setup.data.signup === "closed") return <Navigate to="/login" replace />;
  const first = setup.data?.needs_setup ?? false;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      await signup(form);
      navigate("/board", { replace: true });
    } catch (err) {
      setErrors(formErrors(err, fields));
    } finally {
      setBusy(false);
    }
  }
  const set = (k: (typeof fields)[number]) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <AuthLayout
      title={first ? "Set up OneFunnel" : "Create a workspace"}
      subtitle={first ? "Create your team's workspace and your owner account. It takes a minute." : "A new workspace with its own pipeline; you will be its owner."}
      footer={first ? null : <>Already have an account? <Link className="font-medium text-brand-600 hover:underline" to="/login">Sign in</Link></>}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <FormError message={errors.form} />
        <TextField label="Workspace name" placeholder="Acme Inc." value={form.workspace_name} onChange={set("workspace_name")} error={errors.fields.workspace_name} />
        <TextField label="Your name" autoComplete="name" value={form.name} onChange={set("name")} error={errors.fields.name} />
        <TextField label="Work email" type="email" autoComplete="username" value={form.email} onChange={set("email")} error={errors.fields.email} />
        <TextField label="Password" type="password" autoComplete="new-password" value={form.password} onChange={set("password")} error={errors.fields.password} hint="At least 10 characters." />
        <Button type="submit" variant="primary" busy={busy} className="mt-2 w-full">
          Create workspace
        </Button>
      </form>
    </AuthLayout>
  );
}
