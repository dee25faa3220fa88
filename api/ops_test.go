package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api"
	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// Liveness is the process; readiness is the database. A load balancer must
// stop sending traffic when the database goes, while the orchestrator must
// not restart a process that is merely waiting for it.
func TestHealthAndReadiness(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		if r := e.Must(200, "GET", "/healthz", "", nil); r.Str("status") != "ok" {
			t.Errorf("/healthz = %s", r.Body)
		}
		if r := e.Must(200, "GET", "/readyz", "", nil); r.Str("status") != "ready" {
			t.Errorf("/readyz on a migrated database = %s", r.Body)
		}

		if err := e.DB.Close(); err != nil {
			t.Fatal(err)
		}
		r := e.Must(503, "GET", "/readyz", "", nil)
		if r.Str("status") != "unavailable" || r.Str("reason") == "" {
			t.Errorf("/readyz without a database = %s", r.Body)
		}
		e.Must(200, "GET", "/healthz", "", nil)
	})
}

// A database that answers but has migrations pending is not ready: a new
// version's replica must not take traffic before its schema exists.
func TestReadinessWaitsForMigrations(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		ctx := context.Background()
		o := storage.Options{DataDir: t.TempDir()}
		if d == storage.Postgres {
			o.URL = storagetest.NewEmptyPostgresDatabase(t)
		}
		db, err := storage.Open(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		h, err := api.New(api.Deps{Ready: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		get := func() (int, string) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
			return rec.Code, rec.Body.String()
		}
		if code, body := get(); code != 503 || !strings.Contains(body, "migrations pending") {
			t.Errorf("before migrating: %d %s, want 503 naming pending migrations", code, body)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if code, body := get(); code != 200 {
			t.Errorf("after migrating: %d %s, want 200", code, body)
		}
	})
}

// /metrics is Prometheus text, counts requests by route and status (errors
// too), and needs no credentials.
func TestMetrics(t *testing.T) {
	e := apitest.New(t, storage.SQLite)
	e.Must(200, "GET", "/healthz", "", nil)
	e.Must(401, "GET", "/api/v1/me", "", nil)
	r := e.Must(200, "GET", "/metrics", "", nil)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want Prometheus text", ct)
	}
	body := string(r.Body)
	for _, want := range []string{
		"# TYPE onefunnel_http_requests_total counter",
		`onefunnel_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`onefunnel_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1`,
		"# TYPE onefunnel_http_request_duration_seconds histogram",
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// The contract is served as JSON, whole, without credentials.
func TestOpenAPIDocument(t *testing.T) {
	e := apitest.New(t, storage.SQLite)
	r := e.Must(200, "GET", "/api/v1/openapi.json", "", nil)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	var spec struct {
		OpenAPI    string                    `json:"openapi"`
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(r.Body, &spec); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if spec.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", spec.OpenAPI)
	}
	for path, method := range map[string]string{
		"/api/v1/auth/signup":                  "post",
		"/api/v1/prospects/{id}/stage-changes": "post",
		"/api/v1/api-keys":                     "post",
	} {
		if _, ok := spec.Paths[path][method]; !ok {
			t.Errorf("the document lacks %s %s", method, path)
		}
	}
	if _, ok := spec.Components.SecuritySchemes["bearerAuth"]; !ok {
		t.Error("the document lacks the bearerAuth scheme")
	}
}

// /api/docs is one HTML page that reads the contract from our own origin, so
// the strict Content-Security-Policy holds.
func TestAPIDocsPage(t *testing.T) {
	e := apitest.New(t, storage.SQLite)
	r := e.Must(200, "GET", "/api/docs", "", nil)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q", ct)
	}
	body := string(r.Body)
	if !strings.Contains(body, "<title>OneFunnel API</title>") || !strings.Contains(body, `<script src="/api/docs.js"></script>`) {
		t.Errorf("the page does not load its script from our origin:\n%.300s", body)
	}
	// The CSP allows scripts from 'self' only: an inline script would never run.
	if strings.Count(body, "<script") != 1 {
		t.Error("the page has an inline script, which the CSP blocks")
	}
	js := e.Must(200, "GET", "/api/docs.js", "", nil)
	if !strings.Contains(string(js.Body), "fetch('/api/v1/openapi.json')") || !strings.HasPrefix(js.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("docs.js does not load the contract: %s %.200s", js.Header.Get("Content-Type"), js.Body)
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
}
