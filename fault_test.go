package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

var faultSeed = flag.Uint64("fault.seed", 0, "TestKillDuringIngest: seed of the kill point (0 picks one and logs it)")

// The load of the kill test: every client sends its batches in order, one
// request at a time, as a Segment library's flush loop does.
const (
	faultClients  = 4
	faultBatches  = 40 // per client
	faultPerBatch = 25 // events per batch
	faultVisitors = 8  // per client; each is identified once, at its fourth event
)

// The kill test kills the server this many times, once in each stretch of the load.
const faultKills = 3

// Durable ingest, proven by kills: several clients stream batches with unique
// messageIds over loopback; the server is killed with SIGKILL at a random
// point and restarted on the same database, three times; then the clients
// resend every batch that was not answered 200, with the same messageIds, as
// Segment's libraries retry. Every answered event must survive each kill,
// every event ends up stored exactly once, and the processor finishes after
// the restarts with the sessions, touchpoints, contacts, accounts and
// prospects the events imply, none twice.
func TestKillDuringIngest(t *testing.T) {
	seed := *faultSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("kill point seed %d (rerun with -args -fault.seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		dataDir := t.TempDir()
		var env []string
		driver, dsn := "sqlite", "file:"+filepath.Join(dataDir, "onefunnel.db")+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)"
		if d == storage.Postgres {
			driver, dsn = "pgx", storagetest.NewPostgresDatabase(t)
			env = append(env, "ONEFUNNEL_DATABASE_URL="+dsn)
		}
		db := openSQL(t, driver, dsn)
		srv := startServer(t, dataDir, env, "--log-level", "warn")
		token := srv.signup(t, "Kill test", "owner@kill.example")
		key, _ := srv.must(t, 201, "POST", "/api/v1/write-keys", token, map[string]any{"name": "site"})["key"].(string)

		load := newFaultLoad(time.Now().UTC())
		stretch := len(load.sent) / faultKills
		for kill := range faultKills {
			// The kill lands right after a commit takes the stored events past
			// a random count in this stretch, racing the answers to the
			// requests in that commit.
			killAt := kill*stretch + stretch/4 + rng.IntN(stretch/2)
			errs := load.send(srv.URL, key)
			eventually(t, fmt.Sprintf("%d events stored", killAt), 2*time.Millisecond, func() (bool, string) {
				select {
				case err, running := <-errs:
					if !running {
						t.Fatalf("the clients were answered for every batch before %d events were stored", killAt)
					}
					t.Fatalf("a client stopped before the kill: %v\nstderr:\n%s", err, srv.stderr)
				default:
				}
				n := countSQL(t, db, "SELECT count(*) FROM events")
				return n >= killAt, fmt.Sprintf("%d stored", n)
			})
			srv.kill(t)
			for range errs { // each client stops at its first failed request
			}
			acked, pending := load.split()
			if pending == 0 {
				t.Fatalf("kill %d: every batch was acknowledged before it: it was not mid-stream", kill+1)
			}

			srv = startServer(t, dataDir, env, "--log-level", "warn")
			stored := storedMessages(t, db)
			checkStored(t, fmt.Sprintf("after kill %d", kill+1), stored, load.sent, acked)
			t.Logf("kill %d at %d stored events: %d events acknowledged, %d batches unanswered, %d events committed but unanswered",
				kill+1, killAt, len(acked), pending, len(stored)-len(acked))
		}

		// The clients resend what was not acknowledged, and each resends its
		// first batch too, as a client does whose answer timed out although
		// the server committed: the messageIds outlive the restarts.
		for _, batches := range load.clients {
			batches[0].acked = false
		}
		for err := range load.send(srv.URL, key) {
			t.Fatalf("resend after the restart: %v\nstderr:\n%s", err, srv.stderr)
		}
		eventually(t, "the event queue drains", 20*time.Millisecond, func() (bool, string) {
			n := countSQL(t, db, "SELECT count(*) FROM event_queue")
			return n == 0, fmt.Sprintf("%d queued", n)
		})
		checkStored(t, "after the resends", storedMessages(t, db), load.sent, load.sent)
		got := faultCounts{
			events:      countSQL(t, db, "SELECT count(*) FROM events"),
			sessions:    countSQL(t, db, "SELECT count(*) FROM sessions"),
			pageViews:   countSQL(t, db, "SELECT COALESCE(sum(page_views), 0) FROM sessions"),
			touchpoints: countSQL(t, db, "SELECT count(*) FROM touchpoints"),
			contacts:    countSQL(t, db, "SELECT count(*) FROM contacts"),
			accounts:    countSQL(t, db, "SELECT count(*) FROM accounts"),
			prospects:   countSQL(t, db, "SELECT count(*) FROM prospects"),
			unlinked:    countSQL(t, db, "SELECT count(*) FROM sessions WHERE contact_id IS NULL"),
		}
		if got != load.want {
			t.Errorf("after processing:\n got %+v\nwant %+v", got, load.want)
		}
	})
}

// checkStored fails the test unless every stored event was sent and is
// stored once, and every event in must is stored.
func checkStored(t *testing.T, when string, stored map[string]int, sent, must map[string]bool) {
	t.Helper()
	var twice, unknown, missing []string
	for id, n := range stored {
		if n > 1 {
			twice = append(twice, id)
		}
		if !sent[id] {
			unknown = append(unknown, id)
		}
	}
	for id := range must {
		if stored[id] == 0 {
			missing = append(missing, id)
		}
	}
	for _, bad := range []struct {
		what string
		ids  []string
	}{{"stored more than once", twice}, {"stored but never sent", unknown}, {"missing", missing}} {
		if len(bad.ids) > 0 {
			slices.Sort(bad.ids)
			t.Errorf("%s, %d events are %s, e.g. %q", when, len(bad.ids), bad.what, bad.ids[:min(len(bad.ids), 5)])
		}
	}
}

// faultBatch is one request body, resent unchanged until answered 200.
type faultBatch struct {
	body  []byte
	ids   []string
	acked bool
}

// faultCounts is what processing the whole load must leave behind.
type faultCounts struct {
	events, sessions, pageViews, touchpoints, contacts, accounts, prospects, unlinked int
}

type faultLoad struct {
	clients [][]*faultBatch
	sent    map[string]bool // every messageId
	want    faultCounts
}

// newFaultLoad builds every client's batches and counts what they imply.
// A visitor's pages all carry its campaign and fall within minutes, so it has
// exactly one session whatever order its events are processed in. Each
// visitor's identify names a person at their client's company, so a client's
// visitors become one account whose one prospect they all join.
func newFaultLoad(start time.Time) *faultLoad {
	l := &faultLoad{sent: map[string]bool{}}
	visitors, users, companies := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for c := range faultClients {
		var batches []*faultBatch
		for b := range faultBatches {
			var msgs []map[string]any
			var ids []string
			for e := range faultPerBatch {
				g := b*faultPerBatch + e
				v := g % faultVisitors
				anon, id := fmt.Sprintf("c%d-v%d", c, v), fmt.Sprintf("kill-c%d-b%d-e%d", c, b, e)
				m := map[string]any{"messageId": id, "anonymousId": anon, "timestamp": start.Add(time.Duration(g) * time.Millisecond)}
				switch {
				case g/faultVisitors == 3:
					company := fmt.Sprintf("client%d.example", c)
					m["type"], m["userId"] = "identify", "user-"+anon
					m["traits"] = map[string]any{"email": fmt.Sprintf("v%d@%s", v, company), "firstName": "Visitor", "lastName": anon}
					users[anon], companies[company] = true, true
				case g%7 == 6:
					m["type"], m["event"] = "track", "Article Read"
					l.want.touchpoints++
				default:
					m["type"] = "page"
					m["context"] = map[string]any{"page": map[string]any{
						"url": fmt.Sprintf("https://shop.example/%d?utm_source=news&utm_medium=email&utm_campaign=%s", g, anon),
					}}
					visitors[anon] = true
					l.want.pageViews++
				}
				msgs = append(msgs, m)
				ids = append(ids, id)
				l.sent[id] = true
			}
			body, err := json.Marshal(map[string]any{"batch": msgs})
			if err != nil {
				panic(err)
			}
			batches = append(batches, &faultBatch{body: body, ids: ids})
		}
		l.clients = append(l.clients, batches)
	}
	l.want.events = len(l.sent)
	l.want.sessions = len(visitors)
	l.want.touchpoints += len(visitors)
	l.want.contacts, l.want.accounts, l.want.prospects = len(users), len(companies), len(companies)
	return l
}

// send runs one client per stream, each posting its unacknowledged batches
// in order and stopping at the first that fails. The returned channel
// carries the failures and closes when every client has stopped.
func (l *faultLoad) send(url, key string) <-chan error {
	errs := make(chan error, len(l.clients))
	var wg sync.WaitGroup
	for c, batches := range l.clients {
		wg.Go(func() {
			client := &http.Client{Timeout: waitFor}
			for i, b := range batches {
				if b.acked {
					continue
				}
				req, err := http.NewRequest("POST", url+"/v1/batch", bytes.NewReader(b.body))
				if err != nil {
					errs <- err
					return
				}
				req.SetBasicAuth(key, "")
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					errs <- fmt.Errorf("client %d, batch %d: %w", c, i, err)
					return
				}
				_ = res.Body.Close()
				if res.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("client %d, batch %d: status %d", c, i, res.StatusCode)
					return
				}
				b.acked = true
			}
		})
	}
	go func() { wg.Wait(); close(errs) }()
	return errs
}

// split returns the acknowledged messageIds and how many batches were not acknowledged.
func (l *faultLoad) split() (acked map[string]bool, pending int) {
	acked = map[string]bool{}
	for _, batches := range l.clients {
		for _, b := range batches {
			if !b.acked {
				pending++
				continue
			}
			for _, id := range b.ids {
				acked[id] = true
			}
		}
	}
	return acked, pending
}

// kill ends the server with SIGKILL, as a crash or the OOM killer would.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	<-s.done
}

// openSQL opens the server's database beside it, to count what it stored.
func openSQL(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func countSQL(t *testing.T, db *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// storedMessages counts the stored events per messageId.
func storedMessages(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	rows, err := db.Query("SELECT message_id, count(*) FROM events GROUP BY message_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// eventually polls cond every interval until it holds, failing the test
// with cond's last word if it does not within waitFor.
func eventually(t *testing.T, what string, every time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s (%s)", what, waitFor, last)
		}
		<-tick.C
	}
}
