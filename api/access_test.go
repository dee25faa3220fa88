package api_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// What each role may do: viewers read; members work records; admins and
// owners manage the workspace; only owners make owners.
var roleRules = []struct {
	role, method, path, body string
	want                     int
}{
	{"viewer", "GET", "/api/v1/accounts", "", 200},
	{"viewer", "GET", "/api/v1/accounts/{account}", "", 200},
	{"viewer", "GET", "/api/v1/prospects/{prospect}/timeline", "", 200},
	{"viewer", "GET", "/api/v1/stages", "", 200},
	{"viewer", "GET", "/api/v1/members", "", 200},
	{"viewer", "GET", "/api/v1/workspace", "", 200},
	{"viewer", "GET", "/api/v1/events", "", 200},
	{"viewer", "POST", "/api/v1/accounts", `{"name":"Viewer's"}`, 403},
	{"viewer", "PATCH", "/api/v1/accounts/{account}", `{"name":"Viewer's"}`, 403},
	{"viewer", "DELETE", "/api/v1/accounts/{account}", "", 403},
	{"viewer", "POST", "/api/v1/contacts", `{"first_name":"V"}`, 403},
	{"viewer", "POST", "/api/v1/activities", `{"type":"note","body":"v"}`, 403},
	{"viewer", "POST", "/api/v1/prospects/{prospect}/stage-changes", `{"stage_id":"{stage}"}`, 403},
	{"viewer", "DELETE", "/api/v1/prospects/{prospect}", "", 403},
	{"viewer", "GET", "/api/v1/api-keys", "", 403},
	{"viewer", "GET", "/api/v1/invites", "", 403},
	{"viewer", "PATCH", "/api/v1/me", `{"role":"owner"}`, 422},
	{"viewer", "PATCH", "/api/v1/members/{viewer}", `{"role":"admin"}`, 403},
	{"viewer", "GET", "/api/v1/campaigns/{campaign}/spend", "", 200},
	{"viewer", "GET", "/api/v1/touchpoints?contact_id={contact}", "", 200},
	{"viewer", "POST", "/api/v1/campaigns", `{"name":"V","channel":"Email","utm_campaign":"viewer"}`, 403},
	{"viewer", "PATCH", "/api/v1/campaigns/{campaign}", `{"name":"Viewer's"}`, 403},
	{"viewer", "POST", "/api/v1/campaigns/{campaign}/spend", `{"period_start":"2025-08-01","period_end":"2025-08-31","amount":1,"currency":"EUR"}`, 403},
	{"viewer", "DELETE", "/api/v1/campaigns/{campaign}/spend/{spend}", "", 403},
	{"viewer", "POST", "/api/v1/touchpoints", `{"contact_id":"{contact}","type":"webinar","occurred_at":"2019-05-04T10:00:00Z"}`, 403},
	{"viewer", "DELETE", "/api/v1/touchpoints/{touchpoint}", "", 403},
	{"viewer", "GET", "/api/v1/event-map", "", 200},
	{"viewer", "PUT", "/api/v1/event-map", `{"entries":[]}`, 403},

	{"member", "POST", "/api/v1/accounts", `{"name":"Member's"}`, 201},
	{"member", "PATCH", "/api/v1/accounts/{account}", `{"name":"Renamed by a member"}`, 200},
	{"member", "POST", "/api/v1/contacts", `{"first_name":"M"}`, 201},
	{"member", "POST", "/api/v1/prospects/{prospect}/stage-changes", `{"stage_id":"{stage}"}`, 201},
	{"member", "POST", "/api/v1/activities", `{"type":"note","body":"m"}`, 201},
	{"member", "POST", "/api/v1/campaigns", `{"name":"M","channel":"Email","utm_campaign":"member"}`, 201},
	{"member", "POST", "/api/v1/campaigns/{campaign}/spend", `{"period_start":"2025-08-01","period_end":"2025-08-31","amount":1,"currency":"EUR"}`, 201},
	{"member", "POST", "/api/v1/touchpoints", `{"contact_id":"{contact}","type":"webinar","occurred_at":"2019-05-04T10:00:00Z"}`, 201},
	{"member", "POST", "/api/v1/stages", `{"name":"Member's stage","phase":"lead"}`, 403},
	{"member", "PATCH", "/api/v1/stages/{stage}", `{"name":"Renamed"}`, 403},
	{"member", "DELETE", "/api/v1/stages/{empty_stage}", "", 403},
	{"member", "POST", "/api/v1/invites", `{"email":"friend@x.example","role":"member"}`, 403},
	{"member", "GET", "/api/v1/invites", "", 403},
	{"member", "DELETE", "/api/v1/invites/{invite}", "", 403},
	{"member", "POST", "/api/v1/api-keys", `{"name":"k","scope":"read"}`, 403},
	{"member", "GET", "/api/v1/api-keys", "", 403},
	{"member", "DELETE", "/api/v1/api-keys/{api_key}", "", 403},
	{"member", "PATCH", "/api/v1/members/{viewer}", `{"role":"member"}`, 403},
	{"member", "PATCH", "/api/v1/members/{member}", `{"role":"admin"}`, 403},
	{"member", "DELETE", "/api/v1/members/{viewer}", "", 403},
	{"member", "PATCH", "/api/v1/workspace", `{"name":"Mine now"}`, 403},
	{"member", "PUT", "/api/v1/event-map", `{"entries":[{"event":"Demo Booked","type":"meeting"}]}`, 403},

	{"admin", "POST", "/api/v1/stages", `{"name":"Admin's stage","phase":"lead"}`, 201},
	{"admin", "PATCH", "/api/v1/workspace", `{"name":"Renamed by an admin"}`, 200},
	{"admin", "POST", "/api/v1/invites", `{"email":"colleague@x.example","role":"member"}`, 201},
	{"admin", "POST", "/api/v1/invites", `{"email":"boss@x.example","role":"owner"}`, 403},
	{"admin", "PATCH", "/api/v1/members/{viewer}", `{"role":"owner"}`, 403},
	{"admin", "PATCH", "/api/v1/members/{admin}", `{"role":"owner"}`, 403},
	{"admin", "PATCH", "/api/v1/members/{owner}", `{"role":"viewer"}`, 403},
	{"admin", "DELETE", "/api/v1/members/{owner}", "", 403},
	{"admin", "GET", "/api/v1/api-keys", "", 200},
	{"admin", "PUT", "/api/v1/event-map", `{"entries":[{"event":"Demo Booked","type":"meeting"}]}`, 200},

	{"owner", "PATCH", "/api/v1/members/{owner}", `{"role":"admin"}`, 409},
	{"owner", "DELETE", "/api/v1/members/{owner}", "", 409},
	{"owner", "PATCH", "/api/v1/members/{viewer}", `{"role":"viewer"}`, 200},
}

func TestRoles(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a := seedTenant(e, "Roles")
		people := map[string]person{"owner": {ID: a.OwnerID, Token: a.Token}}
		for _, role := range []string{"admin", "member", "viewer"} {
			people[role] = join(e, a.Token, role)
		}
		empty := e.Must(201, "POST", "/api/v1/stages", a.Token, map[string]any{"name": "Empty", "phase": "lead"}).Str("id")
		fill := strings.NewReplacer("{account}", a.ids["account"], "{prospect}", a.ids["prospect"], "{stage}", a.stages[2],
			"{empty_stage}", empty, "{invite}", a.ids["invite"], "{api_key}", a.ids["api_key"], "{owner}", a.OwnerID,
			"{admin}", people["admin"].ID, "{member}", people["member"].ID, "{viewer}", people["viewer"].ID,
			"{campaign}", a.ids["campaign"], "{spend}", a.ids["spend"], "{touchpoint}", a.ids["touchpoint"], "{contact}", a.ids["contact"])

		for _, row := range roleRules {
			path := fill.Replace(row.path)
			var body any
			if row.body != "" {
				body = fill.Replace(row.body)
			}
			refused := row.want >= 400
			var countsBefore map[string]int
			var recordBefore []byte
			if refused {
				countsBefore = counts(e, a.Token)
				if row.method == "PATCH" || row.method == "DELETE" {
					if r := e.Call("GET", path, a.Token, nil); r.Status == 200 {
						recordBefore = r.Body
					}
				}
			}
			r := e.Call(row.method, path, people[row.role].Token, body)
			what := row.role + " " + row.method + " " + row.path
			if refused {
				wantProblem(t, what, r, row.want, map[int]string{403: "forbidden", 409: "conflict", 422: "validation_failed"}[row.want])
				sameCounts(t, what, countsBefore, counts(e, a.Token))
				if recordBefore != nil {
					if after := e.Must(200, "GET", path, a.Token, nil); !bytes.Equal(after.Body, recordBefore) {
						t.Errorf("%s was refused but changed the record:\n%s\n%s", what, recordBefore, after.Body)
					}
				}
			} else if r.Status != row.want {
				t.Errorf("%s: %d, want %d: %s", what, r.Status, row.want, r.Body)
			}
		}
		if m := e.Must(200, "GET", "/api/v1/me", people["viewer"].Token, nil); m.JSON["member"].(map[string]any)["role"] != "viewer" {
			t.Errorf("the viewer's role changed: %s", m.Body)
		}
	})
}

// A workspace always keeps an owner; with two, either may step down.
func TestLastOwnerStays(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Owners")
		me := "/api/v1/members/" + w.OwnerID
		wantProblem(t, "the last owner stepping down", e.Call("PATCH", me, w.Token, map[string]any{"role": "admin"}), 409, "conflict")
		wantProblem(t, "the last owner leaving", e.Call("DELETE", me, w.Token, nil), 409, "conflict")

		heir := join(e, w.Token, "admin")
		e.Must(200, "PATCH", "/api/v1/members/"+heir.ID, w.Token, map[string]any{"role": "owner"})
		heirToken := login(e, heir.Email, heir.Password).Str("access_token")
		e.Must(200, "PATCH", me, w.Token, map[string]any{"role": "admin"})
		wantProblem(t, "the new last owner leaving", e.Call("DELETE", "/api/v1/members/"+heir.ID, heirToken, nil), 409, "conflict")
		owners := 0
		for _, m := range e.Must(200, "GET", "/api/v1/members", heirToken, nil).Data() {
			if m["role"] == "owner" {
				owners++
			}
		}
		if owners != 1 {
			t.Errorf("%d owners, want 1", owners)
		}
	})
}

// An invite's token is shown once, lets one person join with its role, and
// then, or once expired or revoked, works no more.
func TestInvites(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Inviting")
		admin := join(e, w.Token, "admin")
		inv := e.Must(201, "POST", "/api/v1/invites", admin.Token, map[string]any{"email": "New.Hire@Inviting.example", "role": "member"})
		token := inv.Str("token")
		if !strings.HasPrefix(token, "ofi_") || inv.Header.Get("Location") != "/api/v1/invites/"+inv.Str("id") {
			t.Fatalf("invite: %s (Location %q)", inv.Body, inv.Header.Get("Location"))
		}
		list := e.Must(200, "GET", "/api/v1/invites", admin.Token, nil)
		if bytes.Contains(list.Body, []byte(token)) || list.Data()[0]["token"] != nil {
			t.Errorf("the invite list shows the token: %s", list.Body)
		}

		accept := func(tok, name string) apitest.Response {
			return e.Call("POST", "/api/v1/auth/accept-invite", "", map[string]any{"token": tok, "name": name, "password": "welcome aboard friend"})
		}
		joined := accept(token, "New Hire")
		if joined.Status != 201 {
			t.Fatalf("accept: %d %s", joined.Status, joined.Body)
		}
		me := e.Must(200, "GET", "/api/v1/me", joined.Str("access_token"), nil).JSON["member"].(map[string]any)
		if me["role"] != "member" || me["email"] != "new.hire@inviting.example" || me["name"] != "New Hire" {
			t.Errorf("the new member is %v", me)
		}
		if r := login(e, "new.hire@inviting.example", "welcome aboard friend"); r.Status != 200 {
			t.Errorf("the new member cannot log in: %d %s", r.Status, r.Body)
		}
		wantProblem(t, "reusing an invite", accept(token, "Someone Else"), 401, "unauthenticated")
		wantProblem(t, "a made-up invite", accept("ofi_"+strings.Repeat("x", 43), "Someone"), 401, "unauthenticated")

		revoked := e.Must(201, "POST", "/api/v1/invites", w.Token, map[string]any{"email": "changed.mind@x.example", "role": "viewer"})
		e.Must(204, "DELETE", "/api/v1/invites/"+revoked.Str("id"), w.Token, nil)
		wantProblem(t, "a revoked invite", accept(revoked.Str("token"), "Too Late"), 401, "unauthenticated")
		if n := len(e.Must(200, "GET", "/api/v1/members", w.Token, nil).Data()); n != 3 {
			t.Errorf("%d members, want owner, admin and the new hire", n)
		}
	})
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d, apitest.Options{InviteLifetime: -time.Hour})
		w := e.Signup("Expired")
		inv := e.Must(201, "POST", "/api/v1/invites", w.Token, map[string]any{"email": "late@x.example", "role": "member"})
		r := e.Call("POST", "/api/v1/auth/accept-invite", "", map[string]any{"token": inv.Str("token"), "name": "Late", "password": "welcome aboard friend"})
		wantProblem(t, "an expired invite", r, 401, "unauthenticated")
		if n := len(e.Must(200, "GET", "/api/v1/members", w.Token, nil).Data()); n != 1 {
			t.Errorf("%d members after an expired invite, want 1", n)
		}
	})
}

// API keys: the secret is shown once and stored hashed; the scope bounds what
// a key does (never workspace management); revoking stops it at once.
func TestAPIKeys(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a := seedTenant(e, "Keys")
		created := e.Must(201, "POST", "/api/v1/api-keys", a.Token, map[string]any{"name": "Read-only BI", "scope": "read"})
		readKey, readID := created.Str("key"), created.Str("id")
		if !strings.HasPrefix(readKey, auth.APIKeyPrefix) || created.Str("prefix") != readKey[:12] || created.JSON["last_used_at"] != nil {
			t.Fatalf("created key: %s", created.Body)
		}
		list := e.Must(200, "GET", "/api/v1/api-keys", a.Token, nil)
		if bytes.Contains(list.Body, []byte(readKey)) || bytes.Contains(list.Body, []byte(a.key)) {
			t.Errorf("the list shows a secret: %s", list.Body)
		}
		for _, k := range list.Data() {
			if _, has := k["key"]; has || k["prefix"] == "" {
				t.Errorf("listed key %v: want a prefix and no key", k)
			}
		}
		stored, err := e.DB.Tenancy().APIKeyByHash(context.Background(), auth.HashSecret(readKey))
		if err != nil || stored.ID != readID || strings.Contains(stored.KeyHash, readKey[4:]) {
			t.Errorf("the key is not stored as its hash: %+v %v", stored, err)
		}

		acc := "/api/v1/accounts/" + a.ids["account"]
		e.Must(200, "GET", "/api/v1/accounts", readKey, nil)
		e.Must(200, "GET", acc, readKey, nil)
		for _, c := range []struct{ method, path, body string }{
			{"POST", "/api/v1/accounts", `{"name":"x"}`},
			{"PATCH", acc, `{"name":"x"}`},
			{"DELETE", acc, ""},
			{"POST", "/api/v1/prospects/" + a.ids["prospect"] + "/stage-changes", `{"stage_id":"` + a.stages[3] + `"}`},
			{"POST", "/api/v1/touchpoints", `{"contact_id":"` + a.ids["contact"] + `","type":"webinar","occurred_at":"2018-01-01T00:00:00Z"}`},
			{"POST", "/api/v1/campaigns", `{"name":"x","channel":"Email","utm_campaign":"by-read-key"}`},
		} {
			var body any
			if c.body != "" {
				body = c.body
			}
			wantProblem(t, "read key "+c.method+" "+c.path, e.Call(c.method, c.path, readKey, body), 403, "forbidden")
		}
		wantProblem(t, "read key asking who it is", e.Call("GET", "/api/v1/me", readKey, nil), 403, "forbidden")
		for _, k := range e.Must(200, "GET", "/api/v1/api-keys", a.Token, nil).Data() {
			if k["id"] == readID && k["last_used_at"] == nil {
				t.Errorf("the used key has no last_used_at: %v", k)
			}
		}

		rw := a.key
		e.Must(201, "POST", "/api/v1/accounts", rw, map[string]any{"name": "Made by a key"})
		// An integration imports touch history from years ago.
		e.Must(201, "POST", "/api/v1/touchpoints", rw, map[string]any{"contact_id": a.ids["contact"], "type": "email_click", "source": "newsletter", "medium": "email", "occurred_at": "2018-01-01T00:00:00Z"})
		e.Must(200, "PATCH", acc, rw, map[string]any{"name": "Changed by a key"})
		mv := e.Must(201, "POST", "/api/v1/prospects/"+a.ids["prospect"]+"/stage-changes", rw, map[string]any{"stage_id": a.stages[3]})
		if mv.Str("changed_by_kind") != "api_key" || mv.Str("changed_by_id") != a.ids["api_key"] {
			t.Errorf("a key's move is attributed to %s %s", mv.Str("changed_by_kind"), mv.Str("changed_by_id"))
		}
		for _, c := range []struct{ method, path, body string }{
			{"POST", "/api/v1/stages", `{"name":"x","phase":"lead"}`},
			{"POST", "/api/v1/api-keys", `{"name":"another","scope":"read_write"}`},
			{"GET", "/api/v1/api-keys", ""},
			{"DELETE", "/api/v1/api-keys/" + readID, ""},
			{"POST", "/api/v1/invites", `{"email":"x@x.example","role":"admin"}`},
			{"PATCH", "/api/v1/members/" + a.OwnerID, `{"role":"viewer"}`},
			{"DELETE", "/api/v1/members/" + a.OwnerID, ""},
			{"PATCH", "/api/v1/workspace", `{"name":"Keyed"}`},
			{"PUT", "/api/v1/event-map", `{"entries":[]}`},
		} {
			var body any
			if c.body != "" {
				body = c.body
			}
			wantProblem(t, "read_write key "+c.method+" "+c.path, e.Call(c.method, c.path, rw, body), 403, "forbidden")
		}

		e.Must(204, "DELETE", "/api/v1/api-keys/"+readID, a.Token, nil)
		r := e.Call("GET", "/api/v1/accounts", readKey, nil)
		wantProblem(t, "a revoked key", r, 401, "unauthenticated")
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Error("a revoked key gets no WWW-Authenticate challenge")
		}
		for _, k := range e.Must(200, "GET", "/api/v1/api-keys", a.Token, nil).Data() {
			if k["id"] == readID {
				t.Errorf("a revoked key is still listed: %v", k)
			}
		}
		e.Must(404, "DELETE", "/api/v1/api-keys/"+domain.NewID(), a.Token, nil)
	})
}
