package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

const walkthroughScript = "docs/walkthrough.sh"

// runWalkthrough runs docs/walkthrough.sh against url.
func runWalkthrough(t *testing.T, url string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	out, err := exec.CommandContext(ctx, "bash", walkthroughScript, url).CombinedOutput()
	return string(out), err
}

// The walkthrough of docs/api.md works, as written, against the real binary
// on both databases.
func TestWalkthrough(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		var env []string
		if d == storage.Postgres {
			env = append(env, "ONEFUNNEL_DATABASE_URL="+storagetest.NewPostgresDatabase(t))
		}
		srv := startServer(t, "", env)
		if !strings.Contains(srv.stdout.String(), "(database: "+string(d)+")") {
			t.Fatalf("the server did not run on %s:\n%s", d, srv.stdout)
		}
		for run := 1; run <= 2; run++ { // it signs up afresh, so it can run again on one server
			out, err := runWalkthrough(t, srv.URL)
			if err != nil {
				t.Fatalf("run %d: %v\n%s", run, err, out)
			}
			if !strings.Contains(out, "walkthrough: all steps passed against "+srv.URL) {
				t.Fatalf("run %d ended early:\n%s", run, out)
			}
		}
	})
}

// The script's checks can fail: on a server where sign-up is closed it stops
// at the first step and says why.
func TestWalkthroughStopsAtAnUnexpectedStatus(t *testing.T) {
	srv := startServer(t, "", nil, "--signup", "closed")
	out, err := runWalkthrough(t, srv.URL)
	if err == nil {
		t.Fatalf("the walkthrough passed against a closed server:\n%s", out)
	}
	if !strings.Contains(out, "walkthrough: 1. sign up: status 403, want 201") {
		t.Errorf("the failure does not name the step and status:\n%s", out)
	}
}
