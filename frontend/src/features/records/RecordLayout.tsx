import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { ErrorState, Loading } from "../../ui/Feedback";
import { Icon } from "../../ui/Icon";
import { ApiError } from "../../api/problem";
import { EmptyState } from "../../ui/Feedback";

interface Props {
  back: { to: string; label: string };
  title: ReactNode;
  subtitle?: ReactNode;
  avatar?: ReactNode;
  actions?: ReactNode;
  details: ReactNode;
  related?: ReactNode;
  children: ReactNode;
}

/**
 * RecordLayout is a record page: the fields on the left (on top on a phone),
 * the timeline with its composer in the middle, related records beside it.
 */
export function RecordLayout({ back, title, subtitle, avatar, actions, details, related, children }: Props) {
  return (
    <div className="mx-auto max-w-7xl p-4 sm:p-6">
      <Link to={back.to} className="mb-3 inline-flex items-center gap-1 text-[13px] font-medium text-slate-500 hover:text-slate-800">
        <Icon name="back" className="size-4" /> {back.label}
      </Link>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 items-center gap-3">
          {avatar}
          <div className="min-w-0">
            <h1 className="text-xl font-semibold tracking-tight break-words text-slate-900 sm:text-2xl" data-testid="record-title">
              {title}
            </h1>
            {subtitle && <div className="mt-0.5 text-slate-500">{subtitle}</div>}
          </div>
        </div>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-[19rem_minmax(0,1fr)] 2xl:grid-cols-[20rem_minmax(0,1fr)_20rem]">
        <aside className="flex flex-col gap-5">
          <section className="rounded-xl bg-white px-4 py-3 ring-1 ring-slate-200" aria-label="Details">
            <h2 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Details</h2>
            <dl>{details}</dl>
          </section>
          {related && <div className="flex flex-col gap-5 2xl:hidden">{related}</div>}
        </aside>
        <section className="flex min-w-0 flex-col gap-4" aria-label="Activity">
          {children}
        </section>
        {related && <aside className="hidden flex-col gap-5 2xl:flex">{related}</aside>}
      </div>
    </div>
  );
}

export function RelatedCard({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <section className="rounded-xl bg-white ring-1 ring-slate-200">
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h2>
        {action}
      </div>
      <div className="px-4 py-2">{children}</div>
    </section>
  );
}

/** RecordState covers loading, a record that is gone (404) and other failures. */
export function RecordState({ error, isPending, what, back, retry }: { error: unknown; isPending: boolean; what: string; back: string; retry: () => void }) {
  if (isPending) return <Loading />;
  if (error instanceof ApiError && error.status === 404)
    return (
      <div className="p-6">
        <EmptyState title={`This ${what} does not exist`} action={<Link className="font-medium text-brand-600" to={back}>Back to the list</Link>}>
          It may have been deleted.
        </EmptyState>
      </div>
    );
  return (
    <div className="p-6">
      <ErrorState error={error} onRetry={retry} />
    </div>
  );
}

/** DeleteButton asks before deleting a record. */
export function DeleteButton({ what, onDelete }: { what: string; onDelete: () => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
        <Icon name="trash" className="size-4" /> Delete
      </Button>
      <Dialog
        open={open}
        title={`Delete this ${what}?`}
        onClose={() => setOpen(false)}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="primary"
              className="bg-red-600 hover:bg-red-700"
              busy={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await onDelete();
                } catch (e) {
                  setError(e instanceof Error ? e.message : "Could not delete.");
                } finally {
                  setBusy(false);
                }
              }}
            >
              Delete
            </Button>
          </>
        }
      >
        <p className="text-slate-600">This cannot be undone.</p>
        {error && <p className="mt-2 text-red-600">{error}</p>}
      </Dialog>
    </>
  );
}
