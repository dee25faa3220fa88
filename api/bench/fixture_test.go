package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// The data set: one workspace with 100,000 contacts over 5,000 accounts and
// 10,000 prospects. Accounts are of two sizes so that paging is exercised:
// 500 large accounts with 110 contacts each (three pages of 50) and 4,500
// small ones with 10 contacts each (one page).
const (
	bigAccounts     = 500
	bigSize         = 110
	smallAccounts   = 4500
	smallSize       = 10
	numProspects    = 10_000
	contactsPerDeal = 2
	pageLimit       = 50
)

// fixture is one dialect's loaded database, the server running on it, and a
// direct connection to the same database for the raw SQL baseline.
type fixture struct {
	dialect   storage.Dialect
	api       *client
	raw       rawDB
	ws, owner string
	open      []string // the open stages (lead to negotiation), board order
	big       []string // account ids
	small     []string
	prospects []string
	// stageAt is the index in open of each prospect's stage. Worker w owns
	// the prospects i with i%clients == w, so every move it makes is valid.
	stageAt []int
}

// openDB opens a fresh migrated database of the dialect with the given pool
// size (storagetest.Open uses the default pool; the benchmark sets its own).
// The options say where it is, for the raw-SQL side.
func openDB(b *testing.B, d storage.Dialect, conns int) (*storage.DB, storage.Options) {
	b.Helper()
	ctx := context.Background()
	o := storage.Options{MaxOpenConns: conns}
	if d == storage.Postgres {
		o.URL = storagetest.NewPostgresDatabase(b)
	} else {
		o.DataDir = b.TempDir()
	}
	db, err := storage.Open(ctx, o)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return db, o
}

// newFixture opens a fresh database, starts the server, signs up a workspace
// through the API and bulk-loads the data set (not measured).
func newFixture(b *testing.B, d storage.Dialect, c config) *fixture {
	b.Helper()
	ctx := context.Background()
	db, o := openDB(b, d, c.conns)
	var err error
	f := &fixture{dialect: d}
	base := startServer(b, db, c.logLevel)
	if err := f.signup(base, c.clients); err != nil {
		b.Fatal(err)
	}
	var load loader
	if d == storage.Postgres {
		load, err = newPGLoader(ctx, o.URL)
	} else {
		load, err = newSQLiteLoader(filepath.Join(o.DataDir, "onefunnel.db"))
	}
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	n, err := f.seed(ctx, load)
	if cerr := load.close(ctx); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	fmt.Printf("%s: loaded %d rows in %s\n", d, n, time.Since(start).Round(time.Millisecond))
	if d == storage.Postgres {
		f.raw, err = newPGRaw(ctx, o.URL, c.conns)
	} else {
		f.raw, err = newSQLiteRaw(filepath.Join(o.DataDir, "onefunnel.db"))
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(f.raw.close)
	return f
}

// signup creates the workspace through the API, as a person would, and keeps
// the owner's access token for the load.
func (f *fixture) signup(base string, clients int) error {
	anon := newClient(base, "", 1)
	tok, err := anon.call("POST", "/api/v1/auth/signup", map[string]any{
		"workspace_name": "Bench", "name": "Bench Owner", "email": "owner@bench.example", "password": "correct horse battery staple",
	}, 201)
	if err != nil {
		return err
	}
	token, _ := tok["access_token"].(string)
	f.api = newClient(base, token, clients)
	me, err := f.api.call("GET", "/api/v1/me", nil, 200)
	if err != nil {
		return err
	}
	f.ws = me["workspace"].(map[string]any)["id"].(string)
	f.owner = me["member"].(map[string]any)["id"].(string)
	stages, err := f.api.call("GET", "/api/v1/stages", nil, 200)
	if err != nil {
		return err
	}
	for _, s := range stages["data"].([]any) {
		st := s.(map[string]any)
		switch st["phase"] {
		case "lead", "qualified", "opportunity":
			f.open = append(f.open, st["id"].(string))
		}
	}
	if len(f.open) < 2 {
		return fmt.Errorf("want at least two open stages, got %d", len(f.open))
	}
	return nil
}

// pickAccount opens a large account half the time and a small one otherwise.
func (f *fixture) pickAccount(rng *rand.Rand) string {
	if rng.IntN(2) == 0 {
		return f.big[rng.IntN(len(f.big))]
	}
	return f.small[rng.IntN(len(f.small))]
}

// owned lists the prospects worker w of n may move.
func (f *fixture) owned(w, n int) []int {
	var out []int
	for i := w; i < len(f.prospects); i += n {
		out = append(out, i)
	}
	return out
}
