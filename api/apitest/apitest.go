// Package apitest builds a real OneFunnel HTTP server on a fresh database and
// gives tests a small client for it. Requests go through the full middleware
// stack in process (no socket) unless a test asks for a listener.
package apitest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onefunnel/onefunnel/api"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/reports"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// Env is a running server with its database.
type Env struct {
	T       testing.TB
	DB      *storage.DB
	Echo    *echo.Echo
	Tokens  *auth.TokenIssuer
	Keys    auth.KeySet
	Dialect storage.Dialect
}

// Options tune the server under test.
type Options struct {
	Signup workspace.SignupMode
	// LoginAttempts per window per account (default: the production policy).
	LoginAttempts int
	// InviteLifetime of new invites (default: the production policy); a
	// negative one makes invites that are already expired.
	InviteLifetime time.Duration
}

// Issuer and Audience are the token settings the test server uses.
const (
	Issuer   = "onefunnel"
	Audience = "onefunnel-api"
)

// New starts a server on a fresh database of the dialect.
func New(t testing.TB, d storage.Dialect, opts ...Options) *Env {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	db := storagetest.Open(t, d)
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	keys := auth.KeySet{CurrentID: "test", Keys: map[string][]byte{"test": key}}
	tokens, err := auth.NewTokenIssuer(keys, Issuer, Audience, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	cfg := workspace.DefaultConfig()
	if o.Signup != "" {
		cfg.Signup = o.Signup
	}
	if o.LoginAttempts > 0 {
		cfg.LoginAttempts = o.LoginAttempts
	}
	if o.InviteLifetime != 0 {
		cfg.InviteLifetime = o.InviteLifetime
	}
	batcher := db.NewBatcher(0)
	t.Cleanup(batcher.Close)
	e, err := api.New(api.Deps{
		CRM: crm.New(db.CRM()), Marketing: marketing.New(db.Marketing()), Workspaces: workspace.New(db.Tenancy(), tokens, cfg), WriteKeys: workspace.NewWriteKeys(db.Tenancy()), Events: batcher, EventLog: tracking.NewEvents(db.Events()), Reports: reports.New(db.Reports(), nil), EventMaps: tracking.NewEventMaps(db.EventMaps()), Idempotency: db.Idempotency(),
		Ready: db, Queue: db, Logger: slog.New(slog.NewTextHandler(testWriter{t}, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &Env{T: t, DB: db, Echo: e, Tokens: tokens, Keys: keys, Dialect: d}
}

// Response is a decoded answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

// Str reads a top-level string field ("" when absent).
func (r Response) Str(key string) string {
	s, _ := r.JSON[key].(string)
	return s
}

// Data returns the "data" array of a list answer.
func (r Response) Data() []map[string]any {
	arr, _ := r.JSON["data"].([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, v := range arr {
		m, _ := v.(map[string]any)
		out = append(out, m)
	}
	return out
}

// Request is a raw request for tests that need full control.
type Request struct {
	Method, Path, Token string
	Body                any // string and []byte are sent as is; other values as JSON
	Header              map[string]string
}

// Do sends a request through the server.
func (e *Env) Do(r Request) Response {
	e.T.Helper()
	var body io.Reader
	ct := ""
	switch b := r.Body.(type) {
	case nil:
	case string:
		body, ct = strings.NewReader(b), "application/json"
	case []byte:
		body, ct = bytes.NewReader(b), "application/json"
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.T.Fatal(err)
		}
		body, ct = bytes.NewReader(raw), "application/json"
	}
	req := httptest.NewRequest(r.Method, r.Path, body)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	for k, v := range r.Header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	req.RemoteAddr = "192.0.2.1:1234"
	rec := httptest.NewRecorder()
	e.Echo.ServeHTTP(rec, req)
	res := Response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	if len(res.Body) > 0 && (strings.Contains(rec.Header().Get("Content-Type"), "json")) {
		_ = json.Unmarshal(res.Body, &res.JSON)
	}
	return res
}

// Call is Do for the common case.
func (e *Env) Call(method, path, token string, body any) Response {
	e.T.Helper()
	return e.Do(Request{Method: method, Path: path, Token: token, Body: body})
}

// Must is Call that fails the test unless the status is want.
func (e *Env) Must(want int, method, path, token string, body any) Response {
	e.T.Helper()
	r := e.Call(method, path, token, body)
	if r.Status != want {
		e.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// Workspace is a signed-up workspace with its owner's tokens.
type Workspace struct {
	ID, OwnerID, Token, Refresh, Email, Password string
}

var seq int64

// Signup creates a workspace and returns its owner's session.
func (e *Env) Signup(name string) Workspace {
	e.T.Helper()
	seq++
	email := fmt.Sprintf("owner%d-%d@%s.example", seq, time.Now().UnixNano()%1e6, strings.ToLower(strings.ReplaceAll(name, " ", "")))
	pw := "correct horse battery staple"
	r := e.Must(201, "POST", "/api/v1/auth/signup", "", map[string]any{"workspace_name": name, "name": "Owner of " + name, "email": email, "password": pw})
	w := Workspace{Token: r.Str("access_token"), Refresh: r.Str("refresh_token"), Email: email, Password: pw}
	me := e.Must(200, "GET", "/api/v1/me", w.Token, nil)
	w.ID = me.JSON["workspace"].(map[string]any)["id"].(string)
	w.OwnerID = me.JSON["member"].(map[string]any)["id"].(string)
	return w
}

// Stages returns the workspace's stage ids in board order.
func (e *Env) Stages(token string) []string {
	e.T.Helper()
	var out []string
	for _, s := range e.Must(200, "GET", "/api/v1/stages", token, nil).Data() {
		out = append(out, s["id"].(string))
	}
	return out
}

// Ready reports the readiness of the database (for tests of /readyz).
func (e *Env) Ready() error { return e.DB.Ready(context.Background()) }

// testWriter sends the server's log (5xx errors only) to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
