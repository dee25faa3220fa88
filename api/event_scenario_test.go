package api_test

import (
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// The event log lists what the tracking API stored, newest first, a page at
// a time, optionally for one visitor; write keys, which ship in web pages,
// cannot read it.
func TestEventLog(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Shop")
		key := writeKey(t, e, w)
		batch := `{"batch":[
			{"type":"page","anonymousId":"v1","messageId":"m1","name":"Home","timestamp":"2026-01-01T10:00:00Z"},
			{"type":"track","anonymousId":"v1","messageId":"m2","event":"Signed Up","timestamp":"2026-01-01T10:01:00Z"},
			{"type":"identify","anonymousId":"v1","userId":"u1","messageId":"m3","traits":{"email":"ann@shop.example"}},
			{"type":"page","anonymousId":"v2","messageId":"m4"}],
			"sentAt":"2026-01-01T10:02:00Z"}`
		if r := track(e, "/v1/batch", key, batch); r.Status != 200 {
			t.Fatalf("batch: %d %s", r.Status, r.Body)
		}

		all := e.Must(200, "GET", "/api/v1/events", w.Token, nil).Data()
		var got [][3]any
		for _, ev := range all {
			got = append(got, [3]any{ev["type"], ev["event"], ev["anonymous_id"]})
		}
		want := [][3]any{{"page", "", "v2"}, {"identify", "", "v1"}, {"track", "Signed Up", "v1"}, {"page", "Home", "v1"}}
		if !slices.Equal(got, want) {
			t.Fatalf("events newest first:\n got %v\nwant %v", got, want)
		}
		identify := all[1]
		if identify["user_id"] != "u1" {
			t.Errorf("identify user_id = %v, want u1", identify["user_id"])
		}
		for _, f := range []string{"timestamp", "received_at"} {
			if _, err := time.Parse(time.RFC3339Nano, identify[f].(string)); err != nil {
				t.Errorf("%s = %v: %v", f, identify[f], err)
			}
		}
		if _, ok := identify["payload"]; ok {
			t.Errorf("the list carries payloads: %v", identify)
		}

		// One visitor's events, two to a page, each once.
		var seen []string
		next := "/api/v1/events?limit=2&anonymous_id=v1"
		for pages := 0; next != ""; pages++ {
			if pages > 2 {
				t.Fatal("paging does not end")
			}
			r := e.Must(200, "GET", next, w.Token, nil)
			for _, ev := range r.Data() {
				seen = append(seen, ev["event"].(string)+"/"+ev["type"].(string))
			}
			next = ""
			if c, ok := r.JSON["next_cursor"].(string); ok {
				next = "/api/v1/events?limit=2&anonymous_id=v1&cursor=" + url.QueryEscape(c)
			}
		}
		if want := []string{"/identify", "Signed Up/track", "Home/page"}; !slices.Equal(seen, want) {
			t.Errorf("v1's pages: %v, want %v", seen, want)
		}
		if n := len(e.Must(200, "GET", "/api/v1/events?anonymous_id=nobody", w.Token, nil).Data()); n != 0 {
			t.Errorf("an unknown visitor has %d events", n)
		}

		// Another workspace sees none of them; a write key reads nothing.
		other := e.Signup("Other")
		if n := len(e.Must(200, "GET", "/api/v1/events?anonymous_id=v1", other.Token, nil).Data()); n != 0 {
			t.Errorf("another workspace sees %d of v1's events", n)
		}
		wantProblem(t, "events with a write key", e.Call("GET", "/api/v1/events", key, nil), 401, "unauthenticated")
	})
}
