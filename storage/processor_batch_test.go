package storage_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// Processing a queue in batches writes the same sessions, touchpoints,
// visitors, contacts, accounts and prospects as processing it one event per
// transaction with every change written at once. The streams mix page
// views (tagged, untagged, late, after idle gaps), track calls, identify,
// group and alias calls and server-side hits of a few visitors, so batches
// hold identity calls between the hits they hold back.
func TestBatchedProcessingMatchesOneByOne(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		for seed := range uint64(4) {
			t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
				events := randomStream(rand.New(rand.NewPCG(seed, 7)), 240)
				want := processed(t, d, events, func(ctx context.Context, db *storage.DB) error { return db.ProcessEachAlone(ctx) })
				for _, limit := range []int{500, 13} {
					got := processed(t, d, events, func(ctx context.Context, db *storage.DB) error {
						for {
							n, err := db.ProcessBatch(ctx, limit)
							if err != nil || n == 0 {
								return err
							}
						}
					})
					if diff := rowsDiff(want, got); diff != "" {
						t.Fatalf("batches of %d differ from one event at a time:\n%s", limit, diff)
					}
				}
				if len(want["touchpoints"]) < 40 || len(want["sessions"]) < 20 || len(want["contacts"]) == 0 || len(want["merges"]) == 0 {
					t.Fatalf("the stream exercised too little: %d touchpoints, %d sessions, %d contacts, %d merges",
						len(want["touchpoints"]), len(want["sessions"]), len(want["contacts"]), len(want["merges"]))
				}
			})
		}
	})
}

// randomStream is n Segment messages of six visitors over a few days.
func randomStream(rng *rand.Rand, n int) []map[string]any {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	campaigns := []map[string]any{
		{"source": "google", "medium": "cpc", "name": "Spring"}, {"source": "newsletter", "medium": "email", "name": "digest"},
		{"source": "linkedin", "medium": "paid_social", "name": "unknown-campaign"},
	}
	var out []map[string]any
	for i := range n {
		if rng.IntN(20) == 0 {
			at = at.Add(2 * time.Hour) // idle: the next hit opens a session
		} else {
			at = at.Add(time.Duration(1+rng.IntN(300)) * time.Second)
		}
		ts := at
		if rng.IntN(12) == 0 {
			ts = at.Add(-time.Duration(1+rng.IntN(20)) * time.Minute) // late
		}
		anon := fmt.Sprintf("anon-%d", rng.IntN(6))
		m := map[string]any{"messageId": fmt.Sprint("m", i), "anonymousId": anon, "timestamp": ts.Format(time.RFC3339Nano)}
		ctx := map[string]any{"page": map[string]any{"url": "https://acme.example/p" + fmt.Sprint(rng.IntN(4)), "referrer": "https://www.google.com/"}}
		if rng.IntN(3) == 0 {
			ctx["campaign"] = campaigns[rng.IntN(len(campaigns))]
		}
		m["context"] = ctx
		person := rng.IntN(4)
		switch r := rng.IntN(100); {
		case r < 55:
			m["type"] = "page"
		case r < 75:
			m["type"], m["event"] = "track", []string{"Form Submitted", "Ad Impression", "Unmapped Thing"}[rng.IntN(3)]
		case r < 85:
			m["type"], m["userId"] = "identify", fmt.Sprint("user-", person)
			m["traits"] = map[string]any{"email": fmt.Sprintf("p%d@%s", person, []string{"acme.example", "globex.example"}[person%2]), "first_name": "P"}
		case r < 89:
			m["type"], m["groupId"] = "group", fmt.Sprint("g", person%2)
			m["traits"] = map[string]any{"name": fmt.Sprint("Group ", person%2)}
			m["userId"] = fmt.Sprint("user-", person)
		case r < 93:
			m["type"], m["userId"], m["previousId"] = "alias", fmt.Sprint("user-", person), anon
			delete(m, "anonymousId")
		default: // a server-side hit: userId only
			m["type"], m["userId"] = "page", fmt.Sprint("user-", person)
			delete(m, "anonymousId")
		}
		out = append(out, m)
	}
	return out
}

// processed queues events in a fresh workspace, runs process and returns
// what it wrote, with generated ids replaced by what they stand for.
func processed(t *testing.T, d storage.Dialect, events []map[string]any, process func(context.Context, *storage.DB) error) map[string][]string {
	t.Helper()
	ctx := context.Background()
	db := storagetest.Open(t, d)
	ws := newWorkspace(t, db).WorkspaceID
	now := domain.Now()
	if err := db.Marketing().Campaigns.Create(ctx, &marketing.Campaign{WorkspaceID: ws, ID: domain.NewID(), Name: "Spring", Channel: "Paid Search",
		UTMCampaign: "spring", CreatedAt: now, UpdatedAt: now}); err != nil {
		t.Fatal(err)
	}
	b := db.NewBatcher(0)
	defer b.Close()
	var rows []storage.EventRow
	for _, m := range events {
		ts, _ := time.Parse(time.RFC3339Nano, m["timestamp"].(string))
		m["receivedAt"] = m["timestamp"]
		payload, _ := json.Marshal(m)
		anon, _ := m["anonymousId"].(string)
		user, _ := m["userId"].(string)
		event, _ := m["event"].(string)
		rows = append(rows, storage.EventRow{WorkspaceID: ws, ID: domain.NewID(), MessageID: m["messageId"].(string), Type: m["type"].(string),
			AnonymousID: anon, UserID: user, Event: event, Timestamp: ts, ReceivedAt: ts, Payload: payload})
	}
	if _, err := b.Write(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if err := process(ctx, db); err != nil {
		t.Fatal(err)
	}
	var left int64
	if err := db.Gorm(ctx).Raw("SELECT count(*) FROM event_queue").Scan(&left).Error; err != nil || left != 0 {
		t.Fatalf("%d events left in the queue, %v", left, err)
	}
	// Contacts by their email or userId, accounts by name, sessions by
	// visitor and number, prospects by title.
	names := map[string]string{}
	name := func(q string) {
		var rows []struct{ ID, Name string }
		if err := db.Gorm(ctx).Raw(q, ws).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			names[r.ID] = r.Name
		}
	}
	name("SELECT id, coalesce(email, external_id, '') AS name FROM contacts WHERE workspace_id = ?")
	name("SELECT id, name FROM accounts WHERE workspace_id = ?")
	name("SELECT id, anonymous_id || '#' || number AS name FROM sessions WHERE workspace_id = ?")
	name("SELECT id, title AS name FROM prospects WHERE workspace_id = ?")
	name("SELECT id, name FROM campaigns WHERE workspace_id = ?")
	name("SELECT id, message_id AS name FROM events WHERE workspace_id = ?")
	out := map[string][]string{}
	for table, q := range map[string]string{
		// first_seen_at and last_seen_at are left out: a visitor that an
		// identify call creates is stamped with the wall clock.
		"visitors": `SELECT anonymous_id, contact_id, session_number, session_started_at, session_last_at, session_campaign, session_id
			FROM visitors WHERE workspace_id = ?`,
		"sessions": `SELECT anonymous_id, contact_id, number, started_at, last_at, channel, source, medium, campaign, landing_page, page_views
			FROM sessions WHERE workspace_id = ?`,
		"touchpoints": `SELECT type, channel, source, medium, campaign, campaign_id, occurred_at, contact_id, account_id, anonymous_id, session_id, event_id, landing_page
			FROM touchpoints WHERE workspace_id = ?`,
		"contacts": `SELECT email, external_id, first_name, account_id, first_touch_channel, first_touch_occurred_at FROM contacts WHERE workspace_id = ?`,
		"accounts": `SELECT name, domain, external_id FROM accounts WHERE workspace_id = ?`,
		"prospects": `SELECT title, account_id, status, first_touch_channel, first_touch_occurred_at,
			(SELECT count(*) FROM prospect_contacts pc WHERE pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id) AS contacts
			FROM prospects p WHERE workspace_id = ?`,
		"merges": `SELECT survivor_id, email, external_id FROM contact_merges WHERE workspace_id = ?`,
	} {
		cols, rows := queryRows(t, db.Gorm(ctx).Raw(q, ws))
		for _, vals := range rows {
			var line []string
			for i, v := range vals {
				s := canonical(v)
				if n, ok := names[s]; ok {
					s = n
				}
				line = append(line, cols[i]+"="+s)
			}
			out[table] = append(out[table], strings.Join(line, " "))
		}
		slices.Sort(out[table])
	}
	return out
}

// canonical prints a column value the same way on both databases.
func canonical(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case []byte:
		return canonical(string(v))
	case string:
		if ts, err := time.Parse("2006-01-02 15:04:05.999999999-07:00", v); err == nil {
			return ts.UTC().Format(time.RFC3339Nano)
		}
		return v
	}
	return fmt.Sprint(v)
}

// rowsDiff lists the rows only one side has, table by table.
func rowsDiff(want, got map[string][]string) string {
	var b strings.Builder
	for _, table := range slices.Sorted(maps.Keys(want)) {
		for _, r := range want[table] {
			if !slices.Contains(got[table], r) {
				fmt.Fprintf(&b, "- %s %s\n", table, r)
			}
		}
		for _, r := range got[table] {
			if !slices.Contains(want[table], r) {
				fmt.Fprintf(&b, "+ %s %s\n", table, r)
			}
		}
		if len(want[table]) != len(got[table]) {
			fmt.Fprintf(&b, "  %s: %d rows, want %d\n", table, len(got[table]), len(want[table]))
		}
	}
	return b.String()
}

// A batch creates its new visitors when it ends. When another worker has
// created one of them meanwhile (and the batch's insert waited for that
// worker's commit), the batch is claimed again and applies its page view to
// the stored visitor, which it then finds.
func TestBatchClaimedAgainWhenAnotherWorkerCreatesItsVisitor(t *testing.T) {
	ctx := context.Background()
	url := storagetest.NewPostgresDatabase(t)
	db, err := storage.Open(ctx, storage.Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	ws := newWorkspace(t, db).WorkspaceID
	batcher := db.NewBatcher(0)
	defer batcher.Close()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	payload := fmt.Sprintf(`{"type":"page","messageId":"m1","anonymousId":"racer","timestamp":%q,"receivedAt":%q,"context":{"page":{"url":"https://acme.example/"}}}`,
		at.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
	if _, err := batcher.Write(ctx, []storage.EventRow{{WorkspaceID: ws, ID: domain.NewID(), MessageID: "m1", Type: "page",
		AnonymousID: "racer", Timestamp: at, ReceivedAt: at, Payload: []byte(payload)}}); err != nil {
		t.Fatal(err)
	}

	other, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	earlier := at.Add(-time.Hour)
	if _, err := tx.ExecContext(ctx, "INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at) VALUES ($1, 'racer', $2, $2)", ws, earlier); err != nil {
		t.Fatal(err)
	}

	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		// Not ProcessBatch: its event-by-event retry would hide a batch
		// that failed instead of being claimed again.
		n, err := db.ProcessTx(ctx, 500)
		done <- result{n, err}
	}()
	// The batch's insert waits on the other worker's uncommitted row.
	for waiting := false; !waiting; {
		select {
		case r := <-done:
			t.Fatalf("the batch ended (%d, %v) without waiting for the other worker's visitor", r.n, r.err)
		case <-time.After(10 * time.Millisecond):
		}
		err := other.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO visitors%')`).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.n != 1 || r.err != nil {
		t.Fatalf("the batch = %d, %v; want 1, nil", r.n, r.err)
	}

	var v struct {
		FirstSeenAt   time.Time
		SessionNumber int
		SessionID     *string
	}
	if err := db.Gorm(ctx).Raw("SELECT first_seen_at, session_number, session_id FROM visitors WHERE workspace_id = ? AND anonymous_id = 'racer'", ws).Scan(&v).Error; err != nil {
		t.Fatal(err)
	}
	var sessions, touches, queued int
	for q, n := range map[string]*int{"sessions": &sessions, "touchpoints": &touches, "event_queue": &queued} {
		if err := db.Gorm(ctx).Raw("SELECT count(*) FROM "+q+" WHERE workspace_id = ?", ws).Scan(n).Error; err != nil {
			t.Fatal(err)
		}
	}
	if !v.FirstSeenAt.Equal(earlier) || v.SessionNumber != 1 || v.SessionID == nil || sessions != 1 || touches != 1 || queued != 0 {
		t.Errorf("visitor first seen %v, session %d (%v); %d sessions, %d touchpoints, %d queued; want first seen %v, session 1 stored, 1, 1, 0",
			v.FirstSeenAt, v.SessionNumber, v.SessionID, sessions, touches, queued, earlier)
	}
}

// Workers whose batches open the same new visitors at once, as replicas do
// when a campaign lands, process every event once: each visitor is stored
// once with one session (its views are seconds apart), which it points at
// and which counts all its page views, whichever worker created the visitor
// and whichever claimed its batch again.
func TestWorkersCreatingTheSameVisitorsCountEveryPageView(t *testing.T) {
	ctx := context.Background()
	db := storagetest.Open(t, storage.Postgres)
	ws := newWorkspace(t, db).WorkspaceID
	batcher := db.NewBatcher(0)
	defer batcher.Close()
	const visitors, perVisitor = 30, 8
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var rows []storage.EventRow
	for i := range visitors * perVisitor {
		anon := fmt.Sprintf("crowd-%02d", i%visitors) // consecutive events, different visitors
		ts := at.Add(time.Duration(i) * time.Second)
		id := fmt.Sprint("m", i)
		payload := fmt.Sprintf(`{"type":"page","messageId":%q,"anonymousId":%q,"timestamp":%q,"receivedAt":%q,"context":{"page":{"url":"https://acme.example/"}}}`,
			id, anon, ts.Format(time.RFC3339Nano), ts.Format(time.RFC3339Nano))
		rows = append(rows, storage.EventRow{WorkspaceID: ws, ID: domain.NewID(), MessageID: id, Type: "page",
			AnonymousID: anon, Timestamp: ts, ReceivedAt: ts, Payload: []byte(payload)})
	}
	if _, err := batcher.Write(ctx, rows); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for {
				n, err := db.ProcessBatch(ctx, 20)
				if err != nil || n == 0 {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var got struct{ Visitors, Sessions, Linked, PageViews, Queued int }
	err := db.Gorm(ctx).Raw(`SELECT
		(SELECT count(*) FROM visitors WHERE workspace_id = @ws) AS visitors,
		(SELECT count(*) FROM sessions WHERE workspace_id = @ws) AS sessions,
		(SELECT count(*) FROM visitors v JOIN sessions s ON s.workspace_id = v.workspace_id AND s.id = v.session_id AND s.anonymous_id = v.anonymous_id
			WHERE v.workspace_id = @ws) AS linked,
		(SELECT coalesce(sum(page_views), 0) FROM sessions WHERE workspace_id = @ws) AS page_views,
		(SELECT count(*) FROM event_queue WHERE workspace_id = @ws) AS queued`, map[string]any{"ws": ws}).Scan(&got).Error
	if err != nil {
		t.Fatal(err)
	}
	want := struct{ Visitors, Sessions, Linked, PageViews, Queued int }{visitors, visitors, visitors, visitors * perVisitor, 0}
	if got != want {
		t.Errorf("visitors, sessions, visitors on a session of their own, page views, queued = %+v, want %+v", got, want)
	}
}

// The processor COPYs new sessions and touchpoints, encoding each column as
// the description its connection cached says. When a column's type changes
// under it (another replica migrating), a COPY on each connection fails once,
// and the connection then forgets what it cached: the events go through on
// the next tries, and none is set aside.
func TestProcessorCopiesAfterAColumnChangedUnderIt(t *testing.T) {
	db, ws, b := newIngest(t, storage.Postgres)
	ctx := context.Background()
	evs := newBenchEvents(ws, 0) // every event a new visitor
	queue := func(n int) {
		t.Helper()
		if _, err := b.Write(ctx, evs.next(n)); err != nil {
			t.Fatal(err)
		}
	}
	queue(200)
	if err := db.ProcessAll(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.Gorm(ctx).Exec("ALTER TABLE sessions ALTER COLUMN page_views TYPE bigint").Error; err != nil {
		t.Fatal(err)
	}
	queue(200)
	failures := 0
	for range 100 {
		n, err := db.ProcessBatch(ctx, 50)
		if err != nil {
			failures++
			continue
		}
		if n == 0 {
			break
		}
	}
	st, err := db.QueueStats(ctx)
	if err != nil || st.Waiting != 0 || st.SetAside != 0 {
		t.Fatalf("queue %+v, %v: want every event processed, none set aside", st, err)
	}
	var sessions, pages int64
	if err := db.Gorm(ctx).Raw("SELECT count(*) FROM sessions WHERE workspace_id = ?", ws).Scan(&sessions).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Gorm(ctx).Raw("SELECT count(*) FROM events WHERE workspace_id = ? AND type = 'page'", ws).Scan(&pages).Error; err != nil {
		t.Fatal(err)
	}
	if sessions != pages {
		t.Fatalf("%d sessions for %d page views of new visitors", sessions, pages)
	}
	if failures == 0 {
		t.Fatal("no batch failed: the COPY did not meet the changed column")
	}
}

// What the processor COPYs is part of its transaction: rolled back with the
// rest when the batch fails, committed with it when it does not.
func TestCopyTxCopiesInTheTransaction(t *testing.T) {
	db := storagetest.Open(t, storage.Postgres)
	ctx := context.Background()
	count := func(ids ...string) int64 {
		t.Helper()
		var n int64
		if err := db.Gorm(ctx).Raw("SELECT count(*) FROM workspaces WHERE id IN ?", ids).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	inserted, copied := domain.NewID(), domain.NewID()
	failed := errors.New("the batch fails")
	if err := storage.AddWorkspacesInCopyTx(ctx, db, inserted, copied, failed); !errors.Is(err, failed) {
		t.Fatalf("copyTx returned %v, want the batch's error", err)
	}
	if n := count(inserted, copied); n != 0 {
		t.Fatalf("%d of the rolled-back rows are stored", n)
	}
	if err := storage.AddWorkspacesInCopyTx(ctx, db, inserted, copied, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(inserted, copied); n != 2 {
		t.Fatalf("%d of the committed rows are stored, want 2", n)
	}
}
