import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { keys } from "../../app/keys";
import { contactName, formatMoney } from "../../lib/format";
import { Badge, phaseTone } from "../../ui/Badge";
import { Skeleton } from "../../ui/Feedback";
import { stageName, useStages } from "./lookups";

/** RelatedProspects lists the deals of an account or a contact (first 50). */
export function RelatedProspects({ by, id }: { by: "account_id" | "contact_id"; id: string }) {
  const stages = useStages();
  const q = useQuery({
    queryKey: keys.related(by, id, "prospects"),
    queryFn: () => unwrap(api.GET("/api/v1/prospects", { params: { query: { [by]: id, limit: 50, sort: "-updated_at" } } })),
  });
  if (q.isPending) return <Skeleton className="my-1.5 h-8" />;
  if (q.error) return <p className="py-1.5 text-red-600">{q.error.message}</p>;
  if (q.data.data.length === 0) return <p className="py-1.5 text-slate-500">No prospects yet.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {q.data.data.map((p) => (
        <li key={p.id} className="py-2">
          <Link to={`/prospects/${p.id}`} className="block truncate font-medium text-slate-800 hover:text-brand-700">
            {p.title}
          </Link>
          <div className="mt-0.5 flex items-center justify-between gap-2 text-[13px] text-slate-500">
            <Badge tone={phaseTone[p.phase]}>{stageName(stages.data, p.stage_id)}</Badge>
            <span className="tabular-nums">{formatMoney(p.amount, p.currency)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** RelatedContacts lists an account's people (first 50). */
export function RelatedContacts({ accountId }: { accountId: string }) {
  const q = useQuery({
    queryKey: keys.related("account_id", accountId, "contacts"),
    queryFn: () => unwrap(api.GET("/api/v1/contacts", { params: { query: { account_id: accountId, limit: 50, sort: "last_name" } } })),
  });
  if (q.isPending) return <Skeleton className="my-1.5 h-8" />;
  if (q.error) return <p className="py-1.5 text-red-600">{q.error.message}</p>;
  if (q.data.data.length === 0) return <p className="py-1.5 text-slate-500">No contacts yet.</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {q.data.data.map((c) => (
        <li key={c.id} className="py-2">
          <Link to={`/contacts/${c.id}`} className="block truncate font-medium text-slate-800 hover:text-brand-700">
            {contactName(c)}
          </Link>
          <div className="truncate text-[13px] text-slate-500">{c.job_title ?? c.email ?? ""}</div>
        </li>
      ))}
    </ul>
  );
}
