import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { keys } from "../../app/keys";
import { contactName } from "../../lib/format";
import { Skeleton } from "../../ui/Feedback";
import { RelatedCard } from "../records/RecordLayout";
import { FirstTouchCard } from "./FirstTouchCard";
import { earliestFirstTouch } from "./source";

/**
 * AccountFirstTouch is how an account first arrived: the earliest first touch
 * of its people, read from the 50 who became known first (an account's first
 * visitor is nearly always among them).
 */
export function AccountFirstTouch({ accountId }: { accountId: string }) {
  const q = useQuery({
    queryKey: keys.related("account_id", accountId, "first-touch"),
    queryFn: () => unwrap(api.GET("/api/v1/contacts", { params: { query: { account_id: accountId, limit: 50, sort: "created_at" } } })),
  });
  if (q.isPending || q.error)
    return (
      <RelatedCard title="First touch">
        {q.error ? <p className="py-1.5 text-red-600">{q.error.message}</p> : <Skeleton className="my-1.5 h-8" />}
      </RelatedCard>
    );
  const first = earliestFirstTouch(q.data.data);
  return (
    <FirstTouchCard
      touch={first?.touch ?? null}
      via={
        first && (
          <Link className="font-medium text-brand-700 hover:underline" to={`/contacts/${first.person.id}`}>
            {contactName(first.person)}
          </Link>
        )
      }
    />
  );
}
