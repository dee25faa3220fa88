package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/api"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/reports"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/frontend"
	"github.com/onefunnel/onefunnel/storage"
)

// startServer runs the server the way serve.go does — the same handler, the
// production timeouts, a TCP listener — on 127.0.0.1 and an ephemeral port. It
// returns the base URL; the server shuts down when the benchmark ends.
func startServer(b *testing.B, db *storage.DB, logLevel slog.Level) string {
	b.Helper()
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		b.Fatal(err)
	}
	keys := auth.KeySet{CurrentID: "bench", Keys: map[string][]byte{"bench": key}}
	tokens, err := auth.NewTokenIssuer(keys, "onefunnel", "onefunnel-api", 15*time.Minute)
	if err != nil {
		b.Fatal(err)
	}
	// At info the server logs a line per request; those go to a file, as
	// they would to a journal, rather than over the benchmark's report.
	var logTo io.Writer = os.Stderr
	if logLevel <= slog.LevelInfo {
		f, err := os.Create(filepath.Join(b.TempDir(), "server.log"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = f.Close() })
		logTo = f
	}
	web, _ := frontend.Assets()
	events := db.NewBatcher(0)
	b.Cleanup(events.Close)
	if *flagProcessor {
		startProcessor(b, db)
	}
	e, err := api.New(api.Deps{
		CRM: crm.New(db.CRM()), Marketing: marketing.New(db.Marketing()),
		Workspaces: workspace.New(db.Tenancy(), tokens, workspace.DefaultConfig()), WriteKeys: workspace.NewWriteKeys(db.Tenancy()),
		Events: events, EventLog: tracking.NewEvents(db.Events()), Reports: reports.New(db.Reports(), nil), EventMaps: tracking.NewEventMaps(db.EventMaps()), Idempotency: db.Idempotency(), Ready: db, Queue: db, WebApp: web,
		Logger: slog.New(slog.NewTextHandler(logTo, &slog.HandlerOptions{Level: logLevel})),
	})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	// The timeouts of serve.go (SECURITY.md), which lives in package main.
	srv := &http.Server{
		Handler: e, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second,
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	})
	return "http://" + ln.Addr().String()
}

// processorIdle is serve.go's, which lives in package main.
const processorIdle = 200 * time.Millisecond

// startProcessor runs the event processor beside the server, as serve.go
// does, until the benchmark ends. A processing error fails the benchmark.
func startProcessor(b *testing.B, db *storage.DB) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var failed atomic.Value
	go func() {
		defer close(done)
		db.RunProcessor(ctx, db.ProcessorBatch(), processorIdle, func(err error) {
			if ctx.Err() == nil {
				failed.CompareAndSwap(nil, err.Error())
			}
		})
	}()
	b.Cleanup(func() {
		cancel()
		<-done
		if msg := failed.Load(); msg != nil {
			b.Errorf("event processing failed: %s", msg)
		}
	})
}

// client is a keep-alive HTTP client for one server, shared by all workers.
type client struct {
	http *http.Client
	base string
	auth string
}

func newClient(base, token string, conns int) *client {
	tr := &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns,
		IdleConnTimeout: time.Minute, DisableCompression: true,
	}
	return &client{http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, base: base, auth: "Bearer " + token}
}

// do sends one request and reads the whole answer into out; any status but
// want is an error.
func (c *client) do(ctx context.Context, method, path string, body []byte, want int, out *bytes.Buffer) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	if c.auth != "Bearer " {
		req.Header.Set("Authorization", c.auth)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	out.Reset()
	if _, err := out.ReadFrom(res.Body); err != nil {
		return err
	}
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %.300s", method, path, res.StatusCode, want, out.Bytes())
	}
	return nil
}

// call is do for setup: JSON in, JSON out.
func (c *client) call(method, path string, in any, want int) (map[string]any, error) {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := c.do(context.Background(), method, path, body, want, &buf); err != nil {
		return nil, err
	}
	var out map[string]any
	if buf.Len() > 0 {
		if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nextCursor finds next_cursor in a list answer without decoding the page, so
// the load generator spends its share of the CPU on requests, not on JSON.
// Cursors are base64url and hold no escapes.
func nextCursor(body []byte) string {
	key := []byte(`"next_cursor":"`)
	i := bytes.LastIndex(body, key)
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}
