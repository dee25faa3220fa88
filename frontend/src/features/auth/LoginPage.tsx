import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { formErrors, noErrors } from "../../api/formErrors";
import { Button } from "../../ui/Button";
import { FormError, Loading } from "../../ui/Feedback";
import { TextField } from "../../ui/Field";
import { login } from "./actions";
import { AuthLayout } from "./AuthLayout";
import { useSession } from "./useSession";
import { useSetupStatus } from "./useSetupStatus";

/** safeNext keeps a post-login redirect inside the app (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/board";
}

export function LoginPage() {
  const session = useSession();
  const setup = useSetupStatus();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState(noErrors);
  const next = safeNext(params.get("next"));

  if (session) return <Navigate to={next} replace />;
  if (setup.isPending) return <Loading />;
  if (setup.data?.needs_setup) return <Navigate to="/setup" replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      await login(email, password);
      navigate(next, { replace: true });
    } catch (err) {
      setErrors(formErrors(err, ["email", "password"]));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back. Your pipeline is waiting."
      footer={setup.data?.signup === "open" ? <>New here? <Link className="font-medium text-brand-600 hover:underline" to="/setup">Create a workspace</Link></> : null}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <FormError message={errors.form} />
        <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fields.email} />
        <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} />
        <Button type="submit" variant="primary" busy={busy} className="mt-2 w-full">
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
