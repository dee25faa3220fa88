package api_test

import (
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
)

// Every error, whichever layer raises it, is one RFC 9457 shape: the problem
// media type, a stable code, and the request path as its instance.
func TestProblemsShareOneShape(t *testing.T) {
	e := apitest.New(t, storage.SQLite)
	w := e.Signup("Problems")
	cases := []struct {
		name          string
		req           apitest.Request
		status        int
		code          string
		fieldInErrors string
	}{
		{"contract: unknown body field", apitest.Request{Method: "POST", Path: "/api/v1/accounts", Token: w.Token, Body: `{"name":"A","workspace_id":"x"}`}, 422, "validation_failed", "workspace_id"},
		{"contract: limit over 200", apitest.Request{Method: "GET", Path: "/api/v1/accounts?limit=201", Token: w.Token}, 400, "invalid_parameter", "limit"},
		{"domain: blank name", apitest.Request{Method: "POST", Path: "/api/v1/accounts", Token: w.Token, Body: `{"name":"  "}`}, 422, "validation_failed", "name"},
		{"body guard: wrong media type", apitest.Request{Method: "POST", Path: "/api/v1/accounts", Token: w.Token, Body: `{"name":"A"}`, Header: map[string]string{"Content-Type": "text/plain"}}, 415, "unsupported_media_type", ""},
		{"body guard: duplicate key", apitest.Request{Method: "POST", Path: "/api/v1/accounts", Token: w.Token, Body: `{"name":"A","name":"B"}`}, 400, "duplicate_key", ""},
		{"auth: no credential", apitest.Request{Method: "GET", Path: "/api/v1/accounts"}, 401, "unauthenticated", ""},
		{"router: unknown API path", apitest.Request{Method: "GET", Path: "/api/v1/nothing-here", Token: w.Token}, 404, "not_found", ""},
		{"router: unsupported method on an API path", apitest.Request{Method: "PUT", Path: "/api/v1/accounts", Token: w.Token, Body: `{"name":"A"}`}, 405, "method_not_allowed", ""},
		{"router: wrong method outside the API", apitest.Request{Method: "PUT", Path: "/healthz"}, 405, "method_not_allowed", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.Do(c.req)
			path, _, _ := strings.Cut(c.req.Path, "?")
			if r.Status != c.status || r.Str("code") != c.code || r.Str("instance") != path {
				t.Fatalf("%d %s, want %d with code %q and instance %q", r.Status, r.Body, c.status, c.code, path)
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type = %q", ct)
			}
			if int(r.JSON["status"].(float64)) != c.status || r.Str("title") == "" || r.Str("type") != "about:blank" {
				t.Errorf("problem members: %s", r.Body)
			}
			if c.fieldInErrors != "" && !strings.Contains(string(r.Body), `"field":"`+c.fieldInErrors+`"`) {
				t.Errorf("errors do not name %q: %s", c.fieldInErrors, r.Body)
			}
		})
	}
}
