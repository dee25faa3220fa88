import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { keys } from "../../app/keys";
import { formatTime } from "../../lib/format";
import { ErrorState, Loading } from "../../ui/Feedback";
import { Card } from "./SettingsPage";

// Fast enough to watch a page load arrive while setting up; TanStack Query
// pauses the interval while the tab is hidden (refetchIntervalInBackground is off).
const REFRESH_MS = 2000;

/** LiveEvents shows the newest tracked events, so a person can see the snippet working. */
export function LiveEvents() {
  const events = useQuery({
    queryKey: keys.liveEvents,
    queryFn: () => unwrap(api.GET("/api/v1/events", { params: { query: { limit: 20 } } })),
    refetchInterval: REFRESH_MS,
  });
  const rows = events.data?.data;

  return (
    <Card title="Live events" description="The newest events your sites have sent, refreshed every 2 seconds.">
      {events.error ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : !rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p className="text-slate-500" data-testid="live-events-empty">
          No events yet — add the snippet to your site, then load a page.
        </p>
      ) : (
        <div className="-mx-5 overflow-x-auto">
          <table className="w-full min-w-[34rem] border-collapse text-left text-[13px]" aria-label="Live events">
            <thead className="border-b border-slate-200 text-xs font-medium tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-5 py-2 font-medium">Time</th>
                <th scope="col" className="px-2 py-2 font-medium">Type</th>
                <th scope="col" className="px-2 py-2 font-medium">Event</th>
                <th scope="col" className="px-2 py-2 font-medium">Anonymous id</th>
                <th scope="col" className="px-5 py-2 font-medium">User id</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((ev) => (
                <tr key={ev.id} data-testid="live-event-row">
                  <td className="px-5 py-2 whitespace-nowrap text-slate-500" title={ev.timestamp}>
                    {formatTime(ev.timestamp)}
                  </td>
                  <td className="px-2 py-2">{ev.type}</td>
                  <td className="max-w-48 truncate px-2 py-2 font-medium">{ev.event || "—"}</td>
                  <td className="max-w-40 truncate px-2 py-2 font-mono text-slate-600">{ev.anonymous_id || "—"}</td>
                  <td className="max-w-40 truncate px-5 py-2 font-mono text-slate-600">{ev.user_id || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
