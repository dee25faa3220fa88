package bench

import (
	"bytes"
	"context"
	"math/rand/v2"
	"time"
)

// workload is one scenario, written twice: as API requests and as the raw SQL
// those requests come down to. Both sides pick their work the same way.
type workload struct {
	name string
	// target is the PostgreSQL goal: requests per second and p99 latency.
	rate float64
	p99  time.Duration
	api  func(f *fixture, worker, clients int) session
	sql  func(f *fixture, worker, clients int) session
}

var workloads = []workload{
	{name: "contacts_list", rate: 5000, p99: 25 * time.Millisecond, api: listContactsAPI, sql: listContactsSQL},
	{name: "prospect_move", rate: 3000, p99: 20 * time.Millisecond, api: moveProspectAPI, sql: moveProspectSQL},
	// Not run by default (-bench.workloads floor): what the HTTP stack
	// alone and one database round trip alone cost on this machine.
	{name: "floor", api: healthAPI, sql: selectOneSQL},
}

// healthAPI asks GET /healthz: the server's middleware and net/http, no
// authentication, no validation, no database.
func healthAPI(f *fixture, _, _ int) session {
	var buf bytes.Buffer
	return func(ctx context.Context, _ *rand.Rand, rec func(time.Duration)) error {
		t := time.Now()
		if err := f.api.do(ctx, "GET", "/healthz", nil, 200, &buf); err != nil {
			return err
		}
		rec(time.Since(t))
		return nil
	}
}

// selectOneSQL is one round trip to the database: SELECT 1.
func selectOneSQL(f *fixture, _, _ int) session {
	return func(ctx context.Context, _ *rand.Rand, rec func(time.Duration)) error {
		t := time.Now()
		if err := f.raw.selectOne(ctx); err != nil {
			return err
		}
		rec(time.Since(t))
		return nil
	}
}

// maxPages is how far a session pages through an account: a large account
// has three pages (50, 50, 10 contacts), a small one one page (10).
const maxPages = 3

// listContactsAPI opens an account's contact list, as a person clicking on an
// account does, and follows next_cursor to the end (at most two more pages).
func listContactsAPI(f *fixture, _, _ int) session {
	var buf bytes.Buffer
	return func(ctx context.Context, rng *rand.Rand, rec func(time.Duration)) error {
		first := "/api/v1/contacts?account_id=" + f.pickAccount(rng) + "&limit=50"
		path := first
		for range maxPages {
			t := time.Now()
			if err := f.api.do(ctx, "GET", path, nil, 200, &buf); err != nil {
				return err
			}
			rec(time.Since(t))
			cur := nextCursor(buf.Bytes())
			if cur == "" {
				return nil
			}
			path = first + "&cursor=" + cur
		}
		return nil
	}
}

func listContactsSQL(f *fixture, _, _ int) session {
	return func(ctx context.Context, rng *rand.Rand, rec func(time.Duration)) error {
		account := f.pickAccount(rng)
		var after *pageKey
		for range maxPages {
			t := time.Now()
			_, next, err := f.raw.contactsPage(ctx, f.ws, account, after)
			if err != nil {
				return err
			}
			rec(time.Since(t))
			if next == nil {
				return nil
			}
			after = next
		}
		return nil
	}
}

// moveProspectAPI moves one of the worker's prospects to the next open stage
// (lead → engaged → … → negotiation → lead), so every move is valid.
func moveProspectAPI(f *fixture, worker, clients int) session {
	mine := f.owned(worker, clients)
	var buf bytes.Buffer
	return func(ctx context.Context, rng *rand.Rand, rec func(time.Duration)) error {
		i := mine[rng.IntN(len(mine))]
		next := (f.stageAt[i] + 1) % len(f.open)
		body := []byte(`{"stage_id":"` + f.open[next] + `"}`)
		t := time.Now()
		if err := f.api.do(ctx, "POST", "/api/v1/prospects/"+f.prospects[i]+"/stage-changes", body, 201, &buf); err != nil {
			return err
		}
		rec(time.Since(t))
		f.stageAt[i] = next
		return nil
	}
}

func moveProspectSQL(f *fixture, worker, clients int) session {
	mine := f.owned(worker, clients)
	return func(ctx context.Context, rng *rand.Rand, rec func(time.Duration)) error {
		i := mine[rng.IntN(len(mine))]
		next := (f.stageAt[i] + 1) % len(f.open)
		t := time.Now()
		if err := f.raw.move(ctx, f.ws, f.prospects[i], f.open[next], f.owner); err != nil {
			return err
		}
		rec(time.Since(t))
		f.stageAt[i] = next
		return nil
	}
}
