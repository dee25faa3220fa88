package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // database/sql driver "sqlite", to open a backup as a stranger would

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

var firstLoginLine = regexp.MustCompile(`First login: email (\S+)  password (\S+)\n`)

// --first-login on an empty database creates a workspace and its owner and
// prints a login that works; later starts print the same login and create
// nothing more.
func TestFirstLogin(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		var env []string
		if d == storage.Postgres {
			env = append(env, "ONEFUNNEL_DATABASE_URL="+storagetest.NewPostgresDatabase(t))
		}
		srv := startServer(t, "", env, "--first-login")
		m := firstLoginLine.FindStringSubmatch(srv.stdout.String())
		if m == nil {
			t.Fatalf("no first login printed:\n%s", srv.stdout)
		}
		email, password := m[1], m[2]
		tokens := srv.must(t, 200, "POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password})
		me := srv.must(t, 200, "GET", "/api/v1/me", tokens["access_token"].(string), nil)
		if nested(me, "member", "role") != "owner" || nested(me, "workspace", "name") != "My workspace" {
			t.Errorf("the first login is %v", me)
		}
		st, err := os.Stat(filepath.Join(srv.DataDir, "first-login.txt"))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("first-login.txt: %v, mode %v; want it kept owner-only", err, st.Mode().Perm())
		}
		if err := srv.terminate(t, waitFor); err != nil {
			t.Fatalf("exit: %v", err)
		}

		again := startServer(t, srv.DataDir, env, "--first-login")
		m2 := firstLoginLine.FindStringSubmatch(again.stdout.String())
		if m2 == nil || m2[2] != password {
			t.Fatalf("the second start did not repeat the same login:\n%s", again.stdout)
		}
		again.must(t, 200, "POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password})

		// Once the owner changes the password, the saved login is stale: it is
		// neither printed nor kept.
		tok := again.must(t, 200, "POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password})["access_token"].(string)
		again.must(t, 204, "POST", "/api/v1/me/password", tok, map[string]any{"current_password": password, "new_password": "a much longer new password"})
		if err := again.terminate(t, waitFor); err != nil {
			t.Fatalf("exit: %v", err)
		}
		third := startServer(t, srv.DataDir, env, "--first-login")
		if strings.Contains(third.stdout.String(), "First login") {
			t.Errorf("a stale first login was printed:\n%s", third.stdout)
		}
		if _, err := os.Stat(filepath.Join(srv.DataDir, "first-login.txt")); !os.IsNotExist(err) {
			t.Errorf("first-login.txt kept after the password changed: %v", err)
		}
	})
}

// Without --first-login an empty server says how to begin instead.
func TestEmptyServerExplainsSignup(t *testing.T) {
	srv := startServer(t, "", nil)
	out := srv.stdout.String()
	if !strings.Contains(out, "No workspace yet: open "+srv.URL) || !strings.Contains(out, "API docs: "+srv.URL+"/api/docs") {
		t.Errorf("greeting:\n%s", out)
	}
	if firstLoginLine.MatchString(out) {
		t.Error("a login was created without --first-login")
	}
}

// The generated JWT key is written once (0600) and reused: a token issued
// before a restart is still accepted after it.
func TestJWTKeySurvivesRestart(t *testing.T) {
	srv := startServer(t, "", nil)
	token := srv.signup(t, "Restart", "ada@restart.example")
	keyFile := filepath.Join(srv.DataDir, "jwt.key")
	before, err := os.ReadFile(keyFile)
	if err != nil {
		t.Fatalf("no key kept in the data dir: %v", err)
	}
	if st, _ := os.Stat(keyFile); st.Mode().Perm() != 0o600 {
		t.Errorf("jwt.key mode = %v, want 0600", st.Mode().Perm())
	}
	if err := srv.terminate(t, waitFor); err != nil {
		t.Fatalf("exit: %v", err)
	}

	again := startServer(t, srv.DataDir, nil)
	after, _ := os.ReadFile(keyFile)
	if string(after) != string(before) {
		t.Error("the restart replaced jwt.key")
	}
	again.must(t, 200, "GET", "/api/v1/me", token, nil)

	// A server with another key rejects it: the test above can fail.
	other := startServer(t, "", nil)
	other.must(t, 401, "GET", "/api/v1/me", token, nil)
}

var memberLine = regexp.MustCompile(`^member (\S+) \((\S+)\) is (\w+) of workspace (\S+)\n$`)

// `user create` makes the workspace when it is new (the member is then its
// owner, whatever --role says) and adds members with the given role to an
// existing one. The members can log in.
func TestUserCreate(t *testing.T) {
	dir := t.TempDir()
	pwFile := writeFile(t, "viewer password 123\n")
	pwEnv := "ONEFUNNEL_PASSWORD=owner password 123"

	run := func(env []string, args ...string) []string {
		t.Helper()
		out, errOut, err := runCLI(t, env, append([]string{"user", "create", "--data-dir", dir}, args...)...)
		if err != nil {
			t.Fatalf("user create %v: %v\n%s%s", args, err, out, errOut)
		}
		m := memberLine.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("user create %v printed %q", args, out)
		}
		return m
	}
	owner := run([]string{pwEnv}, "--email", "Olga@Acme.example", "--name", "Olga", "--workspace", "Acme", "--role", "viewer")
	if owner[1] != "olga@acme.example" || owner[3] != "owner" {
		t.Errorf("the first member of a new workspace: %v, want its owner", owner)
	}
	viewer := run(nil, "--email=vic@acme.example", "--name", "Vic", "--workspace", "Acme", "--role", "viewer", "--password-file", pwFile)
	if viewer[3] != "viewer" || viewer[4] != owner[4] {
		t.Errorf("a member of an existing workspace: %v, want viewer of %s", viewer, owner[4])
	}

	for _, bad := range []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"no password", nil, []string{"--email", "x@acme.example", "--name", "X", "--workspace", "Acme"}, "usage: onefunnel user create"},
		{"a short password", []string{"ONEFUNNEL_PASSWORD=short"}, []string{"--email", "x@acme.example", "--name", "X", "--workspace", "Acme"}, "password"},
		{"an unknown role", []string{pwEnv}, []string{"--email", "x@acme.example", "--name", "X", "--workspace", "Acme", "--role", "boss"}, "role"},
		{"an email already in the workspace", []string{pwEnv}, []string{"--email", "vic@acme.example", "--name", "Vic", "--workspace", "Acme"}, "conflict"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			out, errOut, err := runCLI(t, bad.env, append([]string{"user", "create", "--data-dir", dir}, bad.args...)...)
			if err == nil || !strings.Contains(errOut, bad.want) {
				t.Errorf("err %v, stderr %q, want a failure naming %q (stdout %q)", err, errOut, bad.want, out)
			}
		})
	}

	srv := startServer(t, dir, nil)
	for _, c := range []struct{ email, password, role string }{
		{"olga@acme.example", "owner password 123", "owner"},
		{"vic@acme.example", "viewer password 123", "viewer"},
	} {
		tokens := srv.must(t, 200, "POST", "/api/v1/auth/login", "", map[string]any{"email": c.email, "password": c.password})
		me := srv.must(t, 200, "GET", "/api/v1/me", tokens["access_token"].(string), nil)
		if nested(me, "member", "role") != c.role || nested(me, "workspace", "name") != "Acme" {
			t.Errorf("%s: %v, want %s of Acme", c.email, me, c.role)
		}
	}
}

// `backup FILE` writes, while the server runs, a SQLite database holding the
// data; it refuses to overwrite and, on PostgreSQL, points to pg_dump.
func TestBackup(t *testing.T) {
	srv := startServer(t, "", nil)
	token := srv.signup(t, "Backed up", "ada@backup.example")
	srv.must(t, 201, "POST", "/api/v1/accounts", token, map[string]any{"name": "Globex", "domain": "globex.com"})

	file := filepath.Join(t.TempDir(), "copy.db")
	out, errOut, err := runCLI(t, nil, "backup", "--data-dir", srv.DataDir, file)
	if err != nil || out != "backup written to "+file+"\n" {
		t.Fatalf("backup: %v\n%s%s", err, out, errOut)
	}
	head := make([]byte, 16)
	if f, err := os.Open(file); err != nil {
		t.Fatal(err)
	} else {
		_, _ = f.Read(head)
		_ = f.Close()
	}
	if string(head) != "SQLite format 3\x00" {
		t.Fatalf("the backup is not a SQLite file: %q", head)
	}
	db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var domain, workspace string
	err = db.QueryRowContext(context.Background(),
		`SELECT a.domain, w.name FROM accounts a JOIN workspaces w ON w.id = a.workspace_id WHERE a.name = 'Globex'`).Scan(&domain, &workspace)
	if err != nil || domain != "globex.com" || workspace != "Backed up" {
		t.Errorf("the backup's account: %q in %q (%v)", domain, workspace, err)
	}

	for _, bad := range []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"an existing file", nil, []string{"backup", "--data-dir", srv.DataDir, file}, "already exists"},
		{"no file", nil, []string{"backup", "--data-dir", srv.DataDir}, "usage: onefunnel backup FILE"},
		{"PostgreSQL", []string{"ONEFUNNEL_DATABASE_URL=postgres://nobody@127.0.0.1:1/none"}, []string{"backup", filepath.Join(t.TempDir(), "x.db")}, "pg_dump"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, errOut, err := runCLI(t, bad.env, bad.args...)
			if err == nil || !strings.Contains(errOut, bad.want) {
				t.Errorf("err %v, stderr %q, want a failure naming %q", err, errOut, bad.want)
			}
		})
	}
}

// `migrate` brings an empty database to the current schema, so that it is
// ready, and is harmless to repeat.
func TestMigrate(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		ctx := context.Background()
		o := storage.Options{DataDir: t.TempDir()}
		if d == storage.Postgres {
			o.URL = storagetest.NewEmptyPostgresDatabase(t)
		}
		env := []string{"ONEFUNNEL_DATABASE_URL=" + o.URL}
		db, err := storage.Open(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Ready(ctx); err == nil {
			t.Fatal("an empty database is ready before migrating")
		}
		for run := 1; run <= 2; run++ {
			out, errOut, err := runCLI(t, env, "migrate", "--data-dir", o.DataDir)
			if err != nil || out != "migrations applied\n" {
				t.Fatalf("migrate run %d: %v\n%s%s", run, err, out, errOut)
			}
		}
		if err := db.Ready(ctx); err != nil {
			t.Errorf("after migrate: %v", err)
		}
	})
	t.Run("a database URL that is not PostgreSQL", func(t *testing.T) {
		_, errOut, err := runCLI(t, []string{"ONEFUNNEL_DATABASE_URL=mysql://x"}, "migrate", "--data-dir", t.TempDir())
		if err == nil || !strings.Contains(errOut, "must start with postgres://") {
			t.Errorf("err %v, stderr %q", err, errOut)
		}
	})
}
