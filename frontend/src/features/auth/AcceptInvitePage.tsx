import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { formErrors, noErrors } from "../../api/formErrors";
import { Button } from "../../ui/Button";
import { FormError } from "../../ui/Feedback";
import { TextField } from "../../ui/Field";
import { acceptInvite } from "./actions";
import { AuthLayout } from "./AuthLayout";
import { useSession } from "./useSession";

/** AcceptInvitePage turns an invite link (/accept-invite?token=…) into a member. */
export function AcceptInvitePage() {
  const session = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState(noErrors);
  const token = params.get("token") ?? "";

  if (session) return <Navigate to="/board" replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      await acceptInvite({ token, name, password });
      navigate("/board", { replace: true });
    } catch (err) {
      setErrors(formErrors(err, ["name", "password"]));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthLayout title="Join your team" subtitle="You were invited to a OneFunnel workspace. Choose your name and a password.">
      {token ? (
        <form onSubmit={submit} noValidate className="flex flex-col gap-4">
          <FormError message={errors.form} />
          <TextField label="Your name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
          <TextField label="Password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} hint="At least 10 characters." />
          <Button type="submit" variant="primary" busy={busy} className="mt-2 w-full">
            Join workspace
          </Button>
        </form>
      ) : (
        <FormError message="This invite link is incomplete. Ask for a new one." />
      )}
    </AuthLayout>
  );
}
