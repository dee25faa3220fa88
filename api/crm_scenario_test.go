package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// The pipeline as a team uses it: account → contact → prospect → move → timeline.
func TestPipelineScenario(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Acme")
		stages := e.Stages(w.Token)
		if len(stages) != 12 {
			t.Fatalf("default pipeline has %d stages, want 12", len(stages))
		}

		acc := e.Must(201, "POST", "/api/v1/accounts", w.Token, map[string]any{"name": "Globex", "domain": "https://www.Globex.com/about"})
		if acc.Str("domain") != "globex.com" {
			t.Errorf("domain = %q, want it normalised to globex.com", acc.Str("domain"))
		}
		if loc := acc.Header.Get("Location"); loc != "/api/v1/accounts/"+acc.Str("id") {
			t.Errorf("Location = %q", loc)
		}
		e.Must(409, "POST", "/api/v1/accounts", w.Token, map[string]any{"name": "Globex again", "domain": "globex.com"})

		con := e.Must(201, "POST", "/api/v1/contacts", w.Token, map[string]any{"email": "Hank@Globex.com", "first_name": "Hank", "last_name": "Scorpio", "account_id": acc.Str("id")})
		if con.Str("email") != "hank@globex.com" || con.Str("account_id") != acc.Str("id") {
			t.Errorf("contact = %s", con.Body)
		}
		e.Must(409, "POST", "/api/v1/contacts", w.Token, map[string]any{"email": "hank@globex.com"})
		list := e.Must(200, "GET", "/api/v1/contacts?email=HANK@globex.com", w.Token, nil)
		if len(list.Data()) != 1 {
			t.Fatalf("filter by email: %s", list.Body)
		}

		pr := e.Must(201, "POST", "/api/v1/prospects", w.Token, map[string]any{
			"title": "Globex platform deal", "account_id": acc.Str("id"), "amount": 1250000, "currency": "eur",
			"contacts": []map[string]any{{"contact_id": con.Str("id"), "role": "decision_maker"}},
		})
		if pr.Str("stage_id") != stages[0] || pr.Str("status") != "open" || pr.Str("currency") != "EUR" || pr.Str("owner_id") != w.OwnerID {
			t.Fatalf("new prospect = %s", pr.Body)
		}
		pid := pr.Str("id")

		mv := e.Must(201, "POST", "/api/v1/prospects/"+pid+"/stage-changes", w.Token, map[string]any{"stage_id": stages[2]})
		if mv.Str("from_stage_id") != stages[0] || mv.Str("to_stage_id") != stages[2] || mv.Str("changed_by_kind") != "member" || mv.Str("changed_by_id") != w.OwnerID {
			t.Errorf("stage change = %s", mv.Body)
		}
		won := e.Must(201, "POST", "/api/v1/prospects/"+pid+"/stage-changes", w.Token, map[string]any{"stage_id": stages[6]})
		_ = won
		got := e.Must(200, "GET", "/api/v1/prospects/"+pid, w.Token, nil)
		if got.Str("status") != "won" || got.Str("phase") != "won" || got.JSON["closed_at"] == nil {
			t.Errorf("after a move to Won: %s", got.Body)
		}
		e.Must(422, "POST", "/api/v1/prospects/"+pid+"/stage-changes", w.Token, map[string]any{"stage_id": stages[6]})

		e.Must(201, "POST", "/api/v1/activities", w.Token, map[string]any{"type": "call", "subject": "Kick-off call", "prospect_id": pid, "contact_id": con.Str("id")})

		tl := e.Must(200, "GET", "/api/v1/prospects/"+pid+"/timeline", w.Token, nil).Data()
		kinds := []string{}
		for _, it := range tl {
			kinds = append(kinds, it["kind"].(string))
		}
		// Newest first: the call, then won, qualified, and the opening stage change.
		if fmt.Sprint(kinds) != "[activity stage_change stage_change stage_change]" {
			t.Errorf("prospect timeline kinds = %v", kinds)
		}
		for _, path := range []string{"/api/v1/contacts/" + con.Str("id") + "/timeline", "/api/v1/accounts/" + acc.Str("id") + "/timeline"} {
			if n := len(e.Must(200, "GET", path, w.Token, nil).Data()); n != 4 {
				t.Errorf("%s has %d items, want 4", path, n)
			}
		}
		sc := e.Must(200, "GET", "/api/v1/prospects/"+pid+"/stage-changes", w.Token, nil).Data()
		if len(sc) != 3 || sc[0]["from_stage_id"] != nil {
			t.Errorf("stage changes oldest first, the first without from: %v", sc)
		}

		byContact := e.Must(200, "GET", "/api/v1/prospects?contact_id="+con.Str("id"), w.Token, nil).Data()
		if len(byContact) != 1 || byContact[0]["id"] != pid {
			t.Errorf("filter by contact: %v", byContact)
		}

		// Deleting the account unlinks, not deletes, its people and deals.
		e.Must(204, "DELETE", "/api/v1/accounts/"+acc.Str("id"), w.Token, nil)
		if c := e.Must(200, "GET", "/api/v1/contacts/"+con.Str("id"), w.Token, nil); c.JSON["account_id"] != nil {
			t.Errorf("contact still linked: %s", c.Body)
		}
		e.Must(404, "GET", "/api/v1/accounts/"+acc.Str("id"), w.Token, nil)
	})
}

func TestCursorPaginationAndSort(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Pager")
		names := []string{"delta", "alpha", "echo", "charlie", "bravo"}
		for _, n := range names {
			e.Must(201, "POST", "/api/v1/accounts", w.Token, map[string]any{"name": n})
		}
		var seen []string
		cursor := ""
		for pages := 0; pages < 10; pages++ {
			path := "/api/v1/accounts?limit=2&sort=name"
			if cursor != "" {
				path += "&cursor=" + cursor
			}
			r := e.Must(200, "GET", path, w.Token, nil)
			for _, a := range r.Data() {
				seen = append(seen, a["name"].(string))
			}
			if r.JSON["next_cursor"] == nil {
				break
			}
			cursor = r.Str("next_cursor")
		}
		if fmt.Sprint(seen) != "[alpha bravo charlie delta echo]" {
			t.Fatalf("paged by name: %v", seen)
		}
		desc := e.Must(200, "GET", "/api/v1/accounts?sort=-created_at&limit=1", w.Token, nil)
		if desc.Data()[0]["name"] != "bravo" {
			t.Errorf("newest first = %v", desc.Data()[0]["name"])
		}
		// A cursor from one sort is refused by another.
		e.Must(422, "GET", "/api/v1/accounts?sort=created_at&cursor="+desc.Str("next_cursor"), w.Token, nil)
		e.Must(422, "GET", "/api/v1/accounts?cursor=not-a-cursor", w.Token, nil)
		e.Must(400, "GET", "/api/v1/accounts?limit=201", w.Token, nil)
		e.Must(400, "GET", "/api/v1/accounts?sort=password_hash", w.Token, nil)
		e.Must(200, "GET", "/api/v1/accounts?q=%25", w.Token, nil) // a LIKE wildcard is inert
		if n := len(e.Must(200, "GET", "/api/v1/accounts?q=%25", w.Token, nil).Data()); n != 0 {
			t.Errorf("q=%% matched %d accounts; wildcards must be literal", n)
		}
		if n := len(e.Must(200, "GET", "/api/v1/accounts?q=CHA", w.Token, nil).Data()); n != 1 {
			t.Errorf("prefix search CHA matched %d", n)
		}
	})
}

func TestETagAndIdempotency(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Etag")
		a := e.Must(201, "POST", "/api/v1/accounts", w.Token, map[string]any{"name": "Initech"})
		path := "/api/v1/accounts/" + a.Str("id")
		first := e.Must(200, "GET", path, w.Token, nil)
		tag := first.Header.Get("ETag")
		if tag == "" {
			t.Fatal("no ETag on a single-record GET")
		}
		if r := e.Do(apitest.Request{Method: "GET", Path: path, Token: w.Token, Header: map[string]string{"If-None-Match": tag}}); r.Status != 304 {
			t.Errorf("If-None-Match with the current tag: %d, want 304", r.Status)
		}
		e.Must(200, "PATCH", path, w.Token, map[string]any{"name": "Initech Corp"})
		if r := e.Do(apitest.Request{Method: "GET", Path: path, Token: w.Token, Header: map[string]string{"If-None-Match": tag}}); r.Status != 200 {
			t.Errorf("after a change the old tag must not match: %d", r.Status)
		}

		post := func(body map[string]any) apitest.Response {
			return e.Do(apitest.Request{Method: "POST", Path: "/api/v1/accounts", Token: w.Token, Body: body, Header: map[string]string{"Idempotency-Key": "k-123"}})
		}
		one := post(map[string]any{"name": "Hooli"})
		two := post(map[string]any{"name": "Hooli"})
		if one.Status != 201 || two.Status != 201 || one.Str("id") != two.Str("id") || two.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("replay: %d %s / %d %s", one.Status, one.Body, two.Status, two.Body)
		}
		if n := len(e.Must(200, "GET", "/api/v1/accounts?q=hooli", w.Token, nil).Data()); n != 1 {
			t.Errorf("the replay created %d accounts, want 1", n)
		}
		if r := post(map[string]any{"name": "Pied Piper"}); r.Status != 422 {
			t.Errorf("same key, other body: %d, want 422", r.Status)
		}
		// Keys are per caller: another workspace's identical key is independent.
		w2 := e.Signup("Other")
		r := e.Do(apitest.Request{Method: "POST", Path: "/api/v1/accounts", Token: w2.Token, Body: map[string]any{"name": "Hooli"}, Header: map[string]string{"Idempotency-Key": "k-123"}})
		if r.Status != 201 || r.Str("id") == one.Str("id") {
			t.Errorf("other workspace, same key: %d %s", r.Status, r.Body)
		}
	})
}

// With the database gone, requests fail fast with 503 and Retry-After, not 500.
func TestDatabaseDownAnswers503(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Down")
		_ = e.DB.Close()
		r := e.Call("GET", "/api/v1/accounts", w.Token, nil)
		if r.Status != 503 || r.Header.Get("Retry-After") == "" || r.Str("code") != "unavailable" {
			t.Fatalf("with the database closed: %d %s", r.Status, r.Body)
		}
		if r := e.Call("GET", "/readyz", "", nil); r.Status != 503 {
			t.Errorf("/readyz with the database closed: %d", r.Status)
		}
	})
}

func TestRoutingErrors(t *testing.T) {
	e := apitest.New(t, storage.SQLite)
	w := e.Signup("Routes")
	for _, tc := range []struct {
		method, path string
		status       int
		code         string
	}{
		{"PUT", "/api/v1/accounts", 405, "method_not_allowed"},
		{"GET", "/api/v1/nope", 404, "not_found"},
		{"GET", "/api/v1/accounts/123", 400, "invalid_parameter"},
		{"GET", "/api/v1/contacts?account_id=x'--", 400, "invalid_parameter"},
	} {
		r := e.Call(tc.method, tc.path, w.Token, nil)
		if r.Status != tc.status || r.Str("code") != tc.code || r.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %s: %d %s, want %d %s", tc.method, tc.path, r.Status, r.Body, tc.status, tc.code)
		}
	}
}

// A request its client abandoned is not a server fault: 499, not a logged 500.
func TestClientClosedRequest(t *testing.T) {
	e := apitest.New(t, storage.SQLite)
	w := e.Signup("Gone")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, "GET", "/api/v1/accounts", nil)
	req.Header.Set("Authorization", "Bearer "+w.Token)
	rec := httptest.NewRecorder()
	e.Echo.ServeHTTP(rec, req)
	if rec.Code != 499 {
		t.Fatalf("cancelled request: %d %s", rec.Code, rec.Body)
	}
}

// Schema errors name the field at fault and a stable code for what it broke.
func TestSchemaErrorsNameTheField(t *testing.T) {
	e := apitest.New(t, storage.SQLite)
	w := e.Signup("Schema")
	for _, tc := range []struct {
		body        string
		field, code string
	}{
		{`{}`, "name", "required"},
		{`{"name":"A","extra":1}`, "extra", "unknown_field"},
		{`{"name":5}`, "name", "wrong_type"},
		{`{"name":""}`, "name", "too_short"},
	} {
		r := e.Call("POST", "/api/v1/accounts", w.Token, tc.body)
		errs, _ := r.JSON["errors"].([]any)
		if r.Status != 422 || len(errs) != 1 {
			t.Fatalf("%s: %d %s", tc.body, r.Status, r.Body)
		}
		fe := errs[0].(map[string]any)
		if fe["field"] != tc.field || fe["code"] != tc.code {
			t.Errorf("%s: field %v code %v, want %s %s", tc.body, fe["field"], fe["code"], tc.field, tc.code)
		}
	}
	r := e.Call("POST", "/api/v1/prospects", w.Token, `{"title":"T","contacts":[{"role":"champion"}]}`)
	if fe := r.JSON["errors"].([]any)[0].(map[string]any); fe["field"] != "contacts.0.contact_id" || fe["code"] != "required" {
		t.Errorf("nested: %s", r.Body)
	}
}
