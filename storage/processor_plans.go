package storage

import "context"

// The event processor's statements that join a batch's keys, sent as arrays
// (PostgreSQL only; the arguments are unnest's of the same types), to the
// rows they name, and those that link a newly identified visitor's rows (both
// databases). On PostgreSQL each is planned under keyedPlans.
const (
	// visitorsByKeySQL locks and reads the visitors of (workspace,
	// anonymousId) keys, with their contact's account.
	visitorsByKeySQL = `SELECT v.*, c.account_id
		FROM unnest(CAST(? AS uuid[]), CAST(? AS text[])) AS k (ws, key)
		JOIN visitors v ON v.workspace_id = k.ws AND v.anonymous_id = k.key
		LEFT JOIN contacts c ON c.workspace_id = v.workspace_id AND c.id = v.contact_id
		ORDER BY v.workspace_id, v.anonymous_id FOR UPDATE OF v`
	// sessionsByKeySQL reads the sessions of (workspace, id) keys.
	sessionsByKeySQL = `SELECT s.* FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[])) AS k (ws, id)
		JOIN sessions s ON s.workspace_id = k.ws AND s.id = k.id`
	// countHitsSQL adds page views to sessions: (workspace, id, page views,
	// time of the last).
	countHitsSQL = `UPDATE sessions AS s SET page_views = s.page_views + v.n,
			last_at = CASE WHEN s.last_at < v.at THEN v.at ELSE s.last_at END
		FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS integer[]), CAST(? AS timestamptz[])) AS v (ws, id, n, at)
		WHERE s.workspace_id = v.ws AND s.id = v.id`
	// payloadsByKeySQL reads the stored messages of (workspace, id) keys.
	payloadsByKeySQL = `SELECT e.workspace_id, e.id, e.payload FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[])) AS k (ws, id)
		JOIN events e ON e.workspace_id = k.ws AND e.id = k.id`

	// linkSessionsSQL gives a visitor's sessions without a contact the
	// contact: (contact, workspace, anonymousId).
	linkSessionsSQL = "UPDATE sessions SET contact_id = ? WHERE workspace_id = ? AND anonymous_id = ? AND contact_id IS NULL"
	// linkTouchpointsSQL does the same for its touchpoints.
	linkTouchpointsSQL = "UPDATE touchpoints SET contact_id = ? WHERE workspace_id = ? AND anonymous_id = ? AND contact_id IS NULL"
	// linkTouchpointAccountsSQL gives them the contact's account: (account,
	// workspace, anonymousId, contact).
	linkTouchpointAccountsSQL = "UPDATE touchpoints SET account_id = ? WHERE workspace_id = ? AND anonymous_id = ? AND contact_id = ? AND account_id IS NULL"
)

// keyedPlans has PostgreSQL plan the rest of the transaction in ctx as
// lookups by key: an index scan of each key, never a scan of a table, a
// hash join or a merge join. The processor's statements each name rows by
// their keys, up to a batch's worth, in tables that grow without end, and
// for those a nested loop of index scans is the right plan at any size.
//
// The planner would pick by its statistics, and keep what it picked: a
// connection plans a prepared statement once for any parameters (a generic
// plan) after five runs, and plans again only when the tables' statistics
// change. On a new install, or with autovacuum off or not yet round, those
// statistics still describe tables of a few rows, which are cheapest read
// whole. In bench-lag's sequence (2,500, then 5,000, 7,500 and 10,000
// events/s) the processor's sessions were then read and updated with a
// sequential scan and a hash join, 4–7 ms each a batch by the last run where
// the lookups take 1 ms, and at 10,000 events/s the processor fell 30,000
// events and 4 s behind. Linking a newly identified visitor's sessions, the
// same way, took 13–18 ms instead of 0.01. Planning every statement for its
// parameters (plan_cache_mode, or an unnamed statement as the link's were
// before) did not do: the batch's payloads were then read with a scan of
// events, 9.9 ms a batch instead of 1.1 (docs/benchmarks.md, fourteenth
// session).
func (db *DB) keyedPlans(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	err := db.writer(ctx).Exec(`SELECT set_config('enable_seqscan', 'off', true),
		set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`).Error
	return translate(err, "event processor")
}
