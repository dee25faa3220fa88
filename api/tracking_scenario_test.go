package api_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	analytics "gopkg.in/segmentio/analytics-go.v3"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

func basic(key string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":")) }

func writeKey(t *testing.T, e *apitest.Env, w apitest.Workspace) string {
	t.Helper()
	return e.Must(201, "POST", "/api/v1/write-keys", w.Token, map[string]any{"name": "site"}).Str("key")
}

func events(t *testing.T, e *apitest.Env, w apitest.Workspace) int {
	t.Helper()
	n, err := e.DB.CountEvents(context.Background(), w.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func track(e *apitest.Env, path, key string, body string) apitest.Response {
	return e.Do(apitest.Request{Method: "POST", Path: path, Body: body, Header: map[string]string{"Authorization": basic(key)}})
}

func TestTrackingIngest(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Site")
		key := writeKey(t, e, w)
		batch := `{"batch":[
			{"type":"page","anonymousId":"a1","messageId":"m1","name":"Pricing","properties":{"title":"<script>alert(1)</script>","url":"https://acme.com/pricing?utm_source=google&utm_medium=cpc"}},
			{"type":"track","anonymousId":"a1","messageId":"m2","event":"Ad Clicked"},
			{"type":"identify","anonymousId":"a1","userId":"u1","messageId":"m3","traits":{"email":"ann@acme.com"}}],
			"sentAt":"2026-01-01T00:00:00Z"}`
		if r := track(e, "/v1/batch", key, batch); r.Status != 200 || r.JSON["success"] != true {
			t.Fatalf("batch: %d %s", r.Status, r.Body)
		}
		if n := events(t, e, w); n != 3 {
			t.Fatalf("%d events stored, want 3", n)
		}
		// An SDK retry of the same messageIds is stored once.
		track(e, "/v1/batch", key, batch)
		if n := events(t, e, w); n != 3 {
			t.Fatalf("after a retry %d events, want 3", n)
		}
		// Browsers: text/plain to skip preflight, the write key in the body.
		r := e.Do(apitest.Request{Method: "POST", Path: "/v1/track", Body: `{"writeKey":"` + key + `","anonymousId":"a2","event":"Post Liked"}`, Header: map[string]string{"Content-Type": "text/plain"}})
		if r.Status != 200 {
			t.Fatalf("text/plain with writeKey in the body: %d %s", r.Status, r.Body)
		}
		if n := events(t, e, w); n != 4 {
			t.Fatalf("%d events, want 4", n)
		}
		// A browser's preflight learns what it may send and for how long;
		// the answer to the events themselves names the allowed origin only.
		pre := e.Do(apitest.Request{Method: "OPTIONS", Path: "/v1/batch", Header: map[string]string{"Origin": "https://acme.com", "Access-Control-Request-Method": "POST"}})
		for header, want := range map[string]string{"Access-Control-Allow-Origin": "https://acme.com", "Access-Control-Allow-Methods": "POST, OPTIONS",
			"Access-Control-Allow-Headers": "Content-Type, Authorization", "Access-Control-Max-Age": "86400", "Vary": "Origin"} {
			if pre.Status != 204 || pre.Header.Get(header) != want {
				t.Errorf("preflight: %d, %s %q, want %q", pre.Status, header, pre.Header.Get(header), want)
			}
		}
		r = e.Do(apitest.Request{Method: "POST", Path: "/v1/track", Body: `{"writeKey":"` + key + `","anonymousId":"a2","event":"Post Shared"}`,
			Header: map[string]string{"Content-Type": "text/plain", "Origin": "https://acme.com"}})
		if r.Status != 200 || r.Header.Get("Access-Control-Allow-Origin") != "https://acme.com" || r.Header.Get("Vary") != "Origin" {
			t.Errorf("cross-origin event: %d, allowed origin %q, Vary %q", r.Status, r.Header.Get("Access-Control-Allow-Origin"), r.Header.Get("Vary"))
		}
		if got := r.Header.Get("Access-Control-Max-Age"); got != "" {
			t.Errorf("cross-origin event: Access-Control-Max-Age %q, a preflight's header", got)
		}
	})
}

func TestTrackingBadInput(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Bad")
		key := writeKey(t, e, w)
		big := strings.Repeat("x", 33<<10)
		var many strings.Builder
		many.WriteString(`{"batch":[`)
		for i := 0; i < 501; i++ {
			if i > 0 {
				many.WriteString(",")
			}
			fmt.Fprintf(&many, `{"type":"track","anonymousId":"a","event":"E%d"}`, i)
		}
		many.WriteString(`]}`)
		deep := `{"anonymousId":"a","event":"E","properties":` + strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40) + `}`
		rows := []struct {
			name, path, key, body string
			status                int
		}{
			{"no write key", "/v1/track", "", `{"anonymousId":"a","event":"E"}`, 401},
			{"unknown write key", "/v1/track", "ofw_nope", `{"anonymousId":"a","event":"E"}`, 401},
			{"an API access token is not a write key", "/v1/track", w.Token, `{"anonymousId":"a","event":"E"}`, 401},
			{"missing both ids", "/v1/track", key, `{"event":"E"}`, 400},
			{"track without an event", "/v1/track", key, `{"anonymousId":"a"}`, 400},
			{"event over 32 KB", "/v1/track", key, `{"anonymousId":"a","event":"E","properties":{"x":"` + big[:9000] + `","y":"` + big[:9000] + `","z":"` + big[:9000] + `","w":"` + big[:8000] + `"}}`, 400},
			{"batch over 500 KB", "/v1/batch", key, `{"batch":[{"type":"track","anonymousId":"a","event":"` + strings.Repeat("y", 510<<10) + `"}]}`, 400},
			{"more than 500 messages", "/v1/batch", key, many.String(), 400},
			{"JSON nested 40 deep", "/v1/track", key, deep, 400},
			{"invalid UTF-8", "/v1/track", key, "{\"anonymousId\":\"a\",\"event\":\"\xff\"}", 400},
			{"NUL in a trait", "/v1/identify", key, `{"userId":"u","traits":{"name":"a\u0000b"}}`, 400},
			{"not JSON", "/v1/batch", key, `{"batch":[`, 400},
		}
		for _, row := range rows {
			t.Run(row.name, func(t *testing.T) {
				h := map[string]string{}
				if row.key != "" {
					h["Authorization"] = basic(row.key)
				}
				r := e.Do(apitest.Request{Method: "POST", Path: row.path, Body: row.body, Header: h})
				if r.Status != row.status {
					t.Errorf("status %d, want %d: %.300s", r.Status, row.status, r.Body)
				}
			})
		}
		if n := events(t, e, w); n != 0 {
			t.Fatalf("bad input stored %d events", n)
		}
		// A write key cannot call the REST API, even as Basic.
		r := e.Do(apitest.Request{Method: "GET", Path: "/api/v1/accounts", Header: map[string]string{"Authorization": basic(key)}})
		if r.Status != 401 {
			t.Errorf("write key on the REST API: %d", r.Status)
		}
		// A revoked key stops at once on this server.
		id := e.Must(200, "GET", "/api/v1/write-keys", w.Token, nil).Data()[0]["id"].(string)
		e.Must(204, "DELETE", "/api/v1/write-keys/"+id, w.Token, nil)
		if r := track(e, "/v1/track", key, `{"anonymousId":"a","event":"E"}`); r.Status != 401 {
			t.Errorf("revoked key: %d", r.Status)
		}
	})
}

// Segment's own Go library works against OneFunnel unchanged.
func TestSegmentGoLibrary(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("SDK")
		key := writeKey(t, e, w)
		srv := httptest.NewServer(e.Echo)
		defer srv.Close()
		failures := make(chan error, 10)
		client, err := analytics.NewWithConfig(key, analytics.Config{
			Endpoint: srv.URL, BatchSize: 3, Interval: 50 * time.Millisecond,
			Callback: callback{failures},
		})
		if err != nil {
			t.Fatal(err)
		}
		msgs := []analytics.Message{
			analytics.Identify{UserId: "u-42", Traits: analytics.NewTraits().SetEmail("hank@globex.com").SetName("Hank")},
			analytics.Track{UserId: "u-42", Event: "Webinar Attended", Properties: analytics.NewProperties().Set("webinar", "Q3 roadmap")},
			analytics.Page{AnonymousId: "anon-9", Name: "Home", Properties: analytics.NewProperties().SetURL("https://globex.com/")},
			analytics.Group{UserId: "u-42", GroupId: "globex", Traits: analytics.NewTraits().SetName("Globex")},
			analytics.Alias{PreviousId: "anon-9", UserId: "u-42"},
		}
		for _, m := range msgs {
			if err := client.Enqueue(m); err != nil {
				t.Fatal(err)
			}
		}
		if err := client.Close(); err != nil { // Close flushes and waits
			t.Fatal(err)
		}
		select {
		case err := <-failures:
			t.Fatalf("the library reported: %v", err)
		default:
		}
		if n := events(t, e, w); n != len(msgs) {
			t.Fatalf("%d events stored from the Segment library, want %d", n, len(msgs))
		}
	})
}

type callback struct{ failures chan error }

func (c callback) Success(analytics.Message) {}
func (c callback) Failure(_ analytics.Message, err error) {
	select {
	case c.failures <- err:
	default:
	}
}
