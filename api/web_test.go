package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/onefunnel/onefunnel/api"
)

// The embedded web app: the root and client-side routes get index.html,
// hashed assets are cached for a year, and a missing asset is a 404 rather
// than HTML under a .js name (which would break a stale tab after a deploy).
func TestWebAppServing(t *testing.T) {
	files := fstest.MapFS{
		"index.html":         {Data: []byte("<!doctype html><title>app</title>")},
		"assets/app-abc.js":  {Data: []byte("console.log(1)")},
		"favicon.svg":        {Data: []byte("<svg/>")},
		"assets/app-abc.css": {Data: []byte("body{}")},
	}
	e, err := api.New(api.Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WebApp: files})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path       string
		wantStatus int
		wantBody   string
		wantCache  string
	}{
		{"/", 200, "<title>app</title>", "no-cache"},
		{"/index.html", 200, "<title>app</title>", "no-cache"},
		{"/board", 200, "<title>app</title>", "no-cache"},
		{"/prospects/0190c8a4-0000-7000-8000-000000000000", 200, "<title>app</title>", "no-cache"},
		{"/assets/app-abc.js", 200, "console.log(1)", "public, max-age=31536000, immutable"},
		{"/favicon.svg", 200, "<svg/>", "no-cache"},
		{"/assets/app-old.js", 404, "not_found", ""},
		{"/api/v1/nothing-here", 404, "not_found", ""},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tc.wantStatus, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.wantBody) {
				t.Errorf("body %q does not contain %q", rec.Body, tc.wantBody)
			}
			if tc.wantCache != "" && rec.Header().Get("Cache-Control") != tc.wantCache {
				t.Errorf("Cache-Control = %q, want %q", rec.Header().Get("Cache-Control"), tc.wantCache)
			}
			if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("no CSP: %v", rec.Header())
			}
		})
	}
}

// t.js is loaded by customers' sites: any origin may fetch it, it caches
// briefly (its URL is fixed, so a long cache would pin old versions), and
// without a build it is a 404 rather than the app's HTML.
func TestTrackerScriptServing(t *testing.T) {
	cases := []struct {
		name       string
		files      fstest.MapFS
		wantStatus int
		wantBody   string
		wantType   string
		wantCache  string
		wantCORS   string
	}{
		{
			name:       "built",
			files:      fstest.MapFS{"index.html": {Data: []byte("<title>app</title>")}, "t.js": {Data: []byte("(function(){})()")}},
			wantStatus: 200, wantBody: "(function(){})()", wantType: "text/javascript; charset=utf-8",
			wantCache: "public, max-age=300", wantCORS: "*",
		},
		{
			name:       "not built",
			files:      fstest.MapFS{"index.html": {Data: []byte("<title>app</title>")}},
			wantStatus: 404, wantBody: "not_found",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, err := api.New(api.Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WebApp: tc.files})
			if err != nil {
				t.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, "/t.js", nil)
			req.Header.Set("Origin", "https://www.customer.example")
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tc.wantStatus, rec.Body)
			}
			if !strings.Contains(rec.Body.String(), tc.wantBody) || strings.Contains(rec.Body.String(), "<title>") {
				t.Errorf("body %q, want %q and not the app's HTML", rec.Body, tc.wantBody)
			}
			for header, want := range map[string]string{"Content-Type": tc.wantType, "Cache-Control": tc.wantCache, "Access-Control-Allow-Origin": tc.wantCORS} {
				if want != "" && rec.Header().Get(header) != want {
					t.Errorf("%s = %q, want %q", header, rec.Header().Get(header), want)
				}
			}
		})
	}
}
