package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

var (
	demoSummary = regexp.MustCompile(`Demo workspace "([^"]+)": (\d+) prospects \((\d+) won, (\d+) lost, (\d+) open\), (\d+) accounts, (\d+) contacts, (\d+) campaigns, (\d+) touchpoints, (\d+) sessions, (\d+) stage changes, (\d+) activities;`)
	demoLogin   = regexp.MustCompile(`Login: email (\S+)  password (.+)\n`)
)

// `demo` creates a new workspace whose owner can log in, holding what it
// says it holds, with the app's invariants; a second run makes another
// workspace; a run that fails leaves none behind.
func TestDemoCommand(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		ctx := context.Background()
		dir := t.TempDir()
		o := storage.Options{DataDir: dir}
		var env []string
		if d == storage.Postgres {
			o.URL = storagetest.NewPostgresDatabase(t)
			env = append(env, "ONEFUNNEL_DATABASE_URL="+o.URL)
		}
		out, errOut, err := runCLI(t, env, "demo", "--data-dir", dir, "--seed", "3", "--scale", "0.1", "--months", "3",
			"--workspace", "Acme Demo", "--email", "Ada@Demo.example", "--password", "demo password 123")
		if err != nil {
			t.Fatalf("demo: %v\n%s%s", err, out, errOut)
		}
		ranAt := time.Now().UTC()
		m, login := demoSummary.FindStringSubmatch(out), demoLogin.FindStringSubmatch(out)
		if m == nil || login == nil {
			t.Fatalf("demo printed:\n%s", out)
		}
		if m[1] != "Acme Demo" || login[1] != "ada@demo.example" || login[2] != "demo password 123" {
			t.Errorf("workspace %q, login %q / %q", m[1], login[1], login[2])
		}
		n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
		if n(2) != 150 || n(3)+n(4)+n(5) != 150 || n(3) == 0 || n(8) != 10 || n(9) < 3000 {
			t.Errorf("counts: %s", m[0])
		}

		db, err := storage.Open(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ws, err := db.Tenancy().WorkspaceIDByName(ctx, "Acme Demo")
		if err != nil {
			t.Fatal(err)
		}
		q := openStoreSQL(t, d, o)
		for i, table := range map[int]string{
			2: "prospects", 6: "accounts", 7: "contacts", 8: "campaigns", 9: "touchpoints", 10: "sessions", 11: "stage_changes", 12: "activities",
		} {
			if got := q.count(t, "SELECT count(*) FROM "+table+" WHERE workspace_id = ?", ws); got != n(i) {
				t.Errorf("%s: %d rows, the command said %d", table, got, n(i))
			}
		}
		if won := q.count(t, "SELECT count(*) FROM prospects WHERE workspace_id = ? AND status = 'won'", ws); won != n(3) {
			t.Errorf("%d won, the command said %d", won, n(3))
		}
		// The signed-up owner and the sales team own the prospects.
		if members, owners := q.count(t, "SELECT count(*) FROM members WHERE workspace_id = ?", ws),
			q.count(t, "SELECT count(DISTINCT owner_id) FROM prospects WHERE workspace_id = ?", ws); members != 4 || owners != 4 {
			t.Errorf("%d members, %d of them own prospects; want 4 and 4", members, owners)
		}
		for name, sql := range map[string]string{
			"won without closed_at or a change into a won-phase stage": `SELECT count(*) FROM prospects p WHERE p.workspace_id = ? AND p.status = 'won' AND (p.closed_at IS NULL
				OR NOT EXISTS (SELECT 1 FROM stage_changes c JOIN stages s ON s.workspace_id = c.workspace_id AND s.id = c.to_stage_id
					WHERE c.workspace_id = p.workspace_id AND c.prospect_id = p.id AND s.phase = 'won' AND c.changed_at = p.closed_at))`,
			"a history not opening with one change from nowhere": `SELECT count(*) FROM prospects p WHERE p.workspace_id = ? AND 1 <> (SELECT count(*) FROM stage_changes c
				WHERE c.workspace_id = p.workspace_id AND c.prospect_id = p.id AND c.from_stage_id IS NULL AND c.changed_at = p.created_at)`,
			"a touch in the future": `SELECT count(*) FROM touchpoints t WHERE t.workspace_id = ? AND t.occurred_at > ?`,
		} {
			args := []any{ws}
			if strings.Count(sql, "?") == 2 {
				args = append(args, ranAt)
			}
			if got := q.count(t, sql, args...); got != 0 {
				t.Errorf("%s: %d", name, got)
			}
		}

		again, errOut, err := runCLI(t, append(env, "ONEFUNNEL_PASSWORD=another password 1"), "demo", "--data-dir", dir, "--scale", "0.01")
		if err != nil || !strings.Contains(again, `Demo workspace "Demo"`) || !strings.Contains(again, "password another password 1") {
			t.Fatalf("a second demo: %v\n%s%s", err, again, errOut)
		}
		_, errOut, err = runCLI(t, env, "demo", "--data-dir", dir, "--scale", "-1")
		if err == nil || !strings.Contains(errOut, "scale") {
			t.Errorf("a negative scale: err %v, stderr %q", err, errOut)
		}
		if got := q.count(t, "SELECT count(*) FROM workspaces"); got != 2 {
			t.Errorf("%d workspaces after two demos and a failed one, want 2", got)
		}

		srv := startServer(t, dir, env)
		tokens := srv.must(t, 200, "POST", "/api/v1/auth/login", "", map[string]any{"email": login[1], "password": login[2]})
		token := tokens["access_token"].(string)
		if me := srv.must(t, 200, "GET", "/api/v1/me", token, nil); nested(me, "workspace", "name") != "Acme Demo" || nested(me, "member", "role") != "owner" {
			t.Errorf("the demo login is %v", me)
		}
		if page := srv.must(t, 200, "GET", "/api/v1/prospects?limit=5", token, nil); len(page["data"].([]any)) != 5 {
			t.Errorf("prospects: %v", page)
		}
	})
}

// `serve --demo` on an empty database generates the demo and prints a
// login that works, like --first-login; later starts repeat the login and
// generate nothing more.
func TestServeDemo(t *testing.T) {
	srv := startServer(t, "", nil, "--first-login", "--demo")
	out := srv.stdout.String()
	m := firstLoginLine.FindStringSubmatch(out)
	if m == nil || !demoSummary.MatchString(out) || m[1] != "demo@onefunnel.local" {
		t.Fatalf("serve --demo printed:\n%s", out)
	}
	tokens := srv.must(t, 200, "POST", "/api/v1/auth/login", "", map[string]any{"email": m[1], "password": m[2]})
	token := tokens["access_token"].(string)
	if me := srv.must(t, 200, "GET", "/api/v1/me", token, nil); nested(me, "workspace", "name") != "Demo" {
		t.Errorf("the demo login is %v", me)
	}
	if page := srv.must(t, 200, "GET", "/api/v1/campaigns?limit=20", token, nil); len(page["data"].([]any)) != 10 {
		t.Errorf("campaigns: %v", page)
	}
	if err := srv.terminate(t, waitFor); err != nil {
		t.Fatalf("exit: %v", err)
	}

	again := startServer(t, srv.DataDir, nil, "--demo")
	if m2 := firstLoginLine.FindStringSubmatch(again.stdout.String()); m2 == nil || m2[2] != m[2] || demoSummary.MatchString(again.stdout.String()) {
		t.Errorf("the second start:\n%s", again.stdout)
	}
}

// sqlDB reads a database as a stranger would, with SQL of either dialect.
type sqlDB struct {
	*sql.DB
	postgres bool
}

func openStoreSQL(t *testing.T, d storage.Dialect, o storage.Options) sqlDB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+filepath.Join(o.DataDir, "onefunnel.db")+"?mode=ro"
	if d == storage.Postgres {
		driver, dsn = "pgx", o.URL
	}
	return sqlDB{openSQL(t, driver, dsn), d == storage.Postgres}
}

// count runs a count query written with ? placeholders.
func (db sqlDB) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	q := query
	if db.postgres {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	var n int
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
