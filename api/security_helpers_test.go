package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain"
)

// person is a member who joined a workspace through an invite.
type person struct {
	ID, Email, Password, Token, Refresh string
}

// join invites a new person with role as inviter and accepts the invite.
func join(e *apitest.Env, inviterToken, role string) person {
	e.T.Helper()
	p := person{Email: fmt.Sprintf("%s-%s@people.example", role, domain.NewID()[24:]), Password: "another horse battery staple"}
	inv := e.Must(201, "POST", "/api/v1/invites", inviterToken, map[string]any{"email": p.Email, "role": role})
	tok := e.Must(201, "POST", "/api/v1/auth/accept-invite", "", map[string]any{"token": inv.Str("token"), "name": "A " + role, "password": p.Password})
	p.Token, p.Refresh = tok.Str("access_token"), tok.Str("refresh_token")
	me := e.Must(200, "GET", "/api/v1/me", p.Token, nil)
	p.ID = me.JSON["member"].(map[string]any)["id"].(string)
	return p
}

// newAPIKey creates a key with scope and returns its secret and id.
func newAPIKey(e *apitest.Env, token, scope string) (secret, id string) {
	e.T.Helper()
	r := e.Must(201, "POST", "/api/v1/api-keys", token, map[string]any{"name": scope + " integration", "scope": scope})
	return r.Str("key"), r.Str("id")
}

// collections are the workspace's lists, counted to prove a refused write stored nothing.
var collections = []string{"accounts", "contacts", "prospects", "activities", "stages", "members", "invites", "api-keys", "write-keys", "campaigns", "touchpoints", "events"}

// counts returns how many rows each collection holds (all fit one page in these tests).
func counts(e *apitest.Env, token string) map[string]int {
	e.T.Helper()
	out := map[string]int{}
	for _, c := range collections {
		r := e.Must(200, "GET", "/api/v1/"+c+"?limit=200", token, nil)
		if r.JSON["next_cursor"] != nil {
			e.T.Fatalf("%s has more than one page; counts assumes one", c)
		}
		out[c] = len(r.Data())
	}
	return out
}

// sameCounts fails the test when a collection grew or shrank.
func sameCounts(t *testing.T, what string, before, after map[string]int) {
	t.Helper()
	for _, c := range collections {
		if before[c] != after[c] {
			t.Errorf("%s: %s went from %d to %d rows", what, c, before[c], after[c])
		}
	}
}

// wantProblem fails unless r is an RFC 9457 problem with status and, when given, code.
func wantProblem(t *testing.T, what string, r apitest.Response, status int, code string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: status %d, want %d: %s", what, r.Status, status, r.Body)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("%s: Content-Type %q, want application/problem+json", what, ct)
	}
	if code != "" && r.Str("code") != code {
		t.Errorf("%s: code %q, want %q: %s", what, r.Str("code"), code, r.Body)
	}
}

// fieldErrors lists the fields a 422 names.
func fieldErrors(r apitest.Response) []string {
	var out []string
	errs, _ := r.JSON["errors"].([]any)
	for _, e := range errs {
		if m, ok := e.(map[string]any); ok {
			f, _ := m["field"].(string)
			out = append(out, f)
		}
	}
	return out
}
