package api_test

import (
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// A founder's first session, start to end.
func TestSessionScenario(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		up := e.Must(201, "POST", "/api/v1/auth/signup", "", map[string]any{
			"workspace_name": "  Umbrella Corp ", "name": "Alice Founder", "email": "  Alice@Umbrella.example ", "password": "correct horse battery staple"})
		if up.Str("token_type") != "Bearer" || up.Str("access_token") == "" || !strings.HasPrefix(up.Str("refresh_token"), "ofr_") {
			t.Fatalf("signup tokens: %s", up.Body)
		}
		if exp, _ := up.JSON["expires_in"].(float64); exp < 60 || exp > 15*60 {
			t.Errorf("expires_in = %v, want a short-lived access token (≤ 15 min)", up.JSON["expires_in"])
		}

		in := e.Must(200, "POST", "/api/v1/auth/login", "", map[string]any{"email": "ALICE@umbrella.example", "password": "correct horse battery staple"})
		me := e.Must(200, "GET", "/api/v1/me", in.Str("access_token"), nil)
		member, ws := me.JSON["member"].(map[string]any), me.JSON["workspace"].(map[string]any)
		if member["email"] != "alice@umbrella.example" || member["name"] != "Alice Founder" || member["role"] != "owner" || ws["name"] != "Umbrella Corp" {
			t.Errorf("me = %s", me.Body)
		}

		next := e.Must(200, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": in.Str("refresh_token")})
		if next.Str("refresh_token") == in.Str("refresh_token") || next.Str("access_token") == "" {
			t.Errorf("refresh did not rotate: %s", next.Body)
		}
		if again := e.Must(200, "GET", "/api/v1/me", next.Str("access_token"), nil); string(again.Body) != string(me.Body) {
			t.Errorf("me after refresh differs:\n%s\n%s", me.Body, again.Body)
		}

		e.Must(204, "POST", "/api/v1/auth/logout", "", map[string]any{"refresh_token": next.Str("refresh_token")})
		e.Must(401, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": next.Str("refresh_token")})
		// The signup's own session was another login and is still alive.
		e.Must(200, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": up.Str("refresh_token")})
	})
}

func TestProfileAndWorkspaceSettings(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Settings")

		renamed := e.Must(200, "PATCH", "/api/v1/me", w.Token, map[string]any{"name": "  Ada Lovelace  "})
		if m := renamed.JSON["member"].(map[string]any); m["name"] != "Ada Lovelace" || m["role"] != "owner" || m["email"] != w.Email {
			t.Errorf("PATCH /me = %s", renamed.Body)
		}
		// An empty PATCH changes nothing.
		if same := e.Must(200, "PATCH", "/api/v1/me", w.Token, map[string]any{}); same.JSON["member"].(map[string]any)["name"] != "Ada Lovelace" {
			t.Errorf("empty PATCH /me = %s", same.Body)
		}
		e.Must(422, "PATCH", "/api/v1/me", w.Token, map[string]any{"name": "   "})

		ws := e.Must(200, "PATCH", "/api/v1/workspace", w.Token, map[string]any{"name": "Analytical Engines"})
		if ws.Str("name") != "Analytical Engines" || ws.Str("id") != w.ID {
			t.Errorf("PATCH /workspace = %s", ws.Body)
		}
		if got := e.Must(200, "GET", "/api/v1/workspace", w.Token, nil); got.Str("name") != "Analytical Engines" || got.Header.Get("ETag") == "" {
			t.Errorf("GET /workspace = %s (ETag %q)", got.Body, got.Header.Get("ETag"))
		}
		e.Must(422, "PATCH", "/api/v1/workspace", w.Token, map[string]any{"name": ""})
	})
}

func TestMembersListAndGet(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Crew")
		joined := []person{join(e, w.Token, "admin"), join(e, w.Token, "member"), join(e, w.Token, "viewer")}

		var all []map[string]any
		cursor := ""
		for range 10 {
			path := "/api/v1/members?limit=2"
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			page := e.Must(200, "GET", path, joined[2].Token, nil) // viewers may see their team
			all = append(all, page.Data()...)
			if page.JSON["next_cursor"] == nil {
				break
			}
			cursor = page.Str("next_cursor")
		}
		if len(all) != 4 {
			t.Fatalf("paged through %d members, want 4: %v", len(all), all)
		}
		roles := map[string]string{}
		for _, m := range all {
			roles[m["id"].(string)] = m["role"].(string)
			if _, leaked := m["password_hash"]; leaked {
				t.Errorf("a member lists its password hash: %v", m)
			}
		}
		want := map[string]string{w.OwnerID: "owner", joined[0].ID: "admin", joined[1].ID: "member", joined[2].ID: "viewer"}
		for id, role := range want {
			if roles[id] != role {
				t.Errorf("member %s has role %q, want %q", id, roles[id], role)
			}
		}

		one := e.Must(200, "GET", "/api/v1/members/"+joined[1].ID, w.Token, nil)
		if one.Str("email") != joined[1].Email || one.Str("role") != "member" || one.Header.Get("ETag") == "" {
			t.Errorf("GET member = %s", one.Body)
		}
		e.Must(404, "GET", "/api/v1/members/"+domain.NewID(), w.Token, nil)
	})
}
