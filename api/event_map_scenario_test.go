package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

func trackEvent(id, anon, event, at string) string {
	return fmt.Sprintf(`{"type":"track","messageId":%q,"anonymousId":%q,"event":%q,"timestamp":%q}`, id, anon, event, at)
}

// eventMapLines renders an event map answer as "event=type/source" lines.
func eventMapLines(r apitest.Response) string {
	var out []string
	entries, _ := r.JSON["entries"].([]any)
	for _, x := range entries {
		m := x.(map[string]any)
		out = append(out, fmt.Sprintf("%s=%s/%s", m["event"], m["type"], m["source"]))
	}
	return strings.Join(out, " ")
}

// touchTypes counts a workspace's touchpoints by type.
func touchTypes(e *apitest.Env, token string) map[string]int {
	e.T.Helper()
	out := map[string]int{}
	for _, tp := range e.Must(200, "GET", "/api/v1/touchpoints?limit=200", token, nil).Data() {
		out[tp["type"].(string)]++
	}
	return out
}

const defaultEventMap = "Ad Clicked=ad_click/default Ad Impression=ad_impression/default Article Read=article_read/default " +
	"Article Shared=article_share/default Email Clicked=email_click/default Email Link Clicked=email_click/default " +
	"Form Submitted=form_submit/default Post Liked=social_like/default Post Shared=social_share/default " +
	"Webinar Attended=webinar/default"

func TestEventMapReadAndReplace(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Mapper")
		viewer := join(e, w.Token, "viewer")
		if got := eventMapLines(e.Must(200, "GET", "/api/v1/event-map", viewer.Token, nil)); got != defaultEventMap {
			t.Fatalf("a new workspace's map:\n got %s\nwant %s", got, defaultEventMap)
		}
		put := e.Must(200, "PUT", "/api/v1/event-map", w.Token, map[string]any{"entries": []map[string]any{
			{"event": " Demo Booked ", "type": "meeting"},
			{"event": "ad_clicked", "type": "ad_impression"}, // remaps a default
		}})
		want := "ad_clicked=ad_impression/custom Ad Impression=ad_impression/default Article Read=article_read/default " +
			"Article Shared=article_share/default Demo Booked=meeting/custom Email Clicked=email_click/default " +
			"Email Link Clicked=email_click/default Form Submitted=form_submit/default Post Liked=social_like/default " +
			"Post Shared=social_share/default Webinar Attended=webinar/default"
		if got := eventMapLines(put); got != want {
			t.Errorf("PUT answered\n got %s\nwant %s", got, want)
		}
		if got := eventMapLines(e.Must(200, "GET", "/api/v1/event-map", viewer.Token, nil)); got != want {
			t.Errorf("GET after PUT\n got %s\nwant %s", got, want)
		}

		bad := []struct {
			name    string
			entries any
			field   string
		}{
			{"an unknown touchpoint type", []map[string]any{{"event": "Demo Booked", "type": "demo"}}, "entries.0.type"},
			{"a session", []map[string]any{{"event": "Visit", "type": "session"}}, "entries.0.type"},
			{"a blank name", []map[string]any{{"event": "Ok", "type": "chat"}, {"event": " - ", "type": "chat"}}, "entries.1.event"},
			{"an empty name", []map[string]any{{"event": "", "type": "chat"}}, "entries.0.event"},
			{"one event twice", []map[string]any{{"event": "Demo Booked", "type": "meeting"}, {"event": "demo-booked", "type": "call"}}, "entries.1.event"},
			{"an unknown field", []map[string]any{{"event": "Demo Booked", "type": "meeting", "source": "default"}}, "entries.0.source"},
			{"no type", []map[string]any{{"event": "Demo Booked"}}, "entries.0.type"},
			{"not a list", map[string]any{"Demo Booked": "meeting"}, "entries"},
		}
		for _, b := range bad {
			r := e.Call("PUT", "/api/v1/event-map", w.Token, map[string]any{"entries": b.entries})
			wantProblem(t, b.name, r, 422, "validation_failed")
			if f := fieldErrors(r); len(f) != 1 || f[0] != b.field {
				t.Errorf("%s: field errors %v, want [%s]: %s", b.name, f, b.field, r.Body)
			}
		}
		if got := eventMapLines(e.Must(200, "GET", "/api/v1/event-map", w.Token, nil)); got != want {
			t.Errorf("refused PUTs changed the map:\n got %s\nwant %s", got, want)
		}
		wantProblem(t, "a viewer's PUT", e.Call("PUT", "/api/v1/event-map", viewer.Token, map[string]any{"entries": []any{}}), 403, "forbidden")

		// An empty list returns to the defaults.
		if got := eventMapLines(e.Must(200, "PUT", "/api/v1/event-map", w.Token, map[string]any{"entries": []any{}})); got != defaultEventMap {
			t.Errorf("PUT [] answered %s", got)
		}
	})
}

// Events are mapped with their workspace's map as it is when they are
// processed: a PUT applies to every event processed after it, including
// events that arrived before it, and never to another workspace.
func TestEventMapAppliesToEventsProcessedAfterIt(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a, b := e.Signup("Alpha"), e.Signup("Bravo")
		keyA, keyB := writeKey(t, e, a), writeKey(t, e, b)
		events := func(prefix string) []string {
			return []string{
				trackEvent(prefix+"1", "v1", "Demo Booked", "2026-01-05T10:00:00Z"),
				trackEvent(prefix+"2", "v1", "Ad Clicked", "2026-01-05T10:01:00Z"),
				trackEvent(prefix+"3", "v1", "Button Pressed", "2026-01-05T10:02:00Z"),
			}
		}
		ingest(t, e, keyA, events("before-")...)
		ingest(t, e, keyB, events("before-")...)
		processAll(t, e)
		if got := fmt.Sprint(touchTypes(e, a.Token)); got != "map[ad_click:1]" {
			t.Fatalf("with the defaults: %s", got)
		}

		// Queued before the change, processed after it.
		ingest(t, e, keyA, events("queued-")...)
		e.Must(200, "PUT", "/api/v1/event-map", a.Token, map[string]any{"entries": []map[string]any{
			{"event": "Demo Booked", "type": "meeting"}, {"event": "Ad Clicked", "type": "ad_impression"},
		}})
		ingest(t, e, keyA, events("after-")...)
		ingest(t, e, keyB, events("after-")...)
		processAll(t, e)
		if got := fmt.Sprint(touchTypes(e, a.Token)); got != "map[ad_click:1 ad_impression:2 meeting:2]" {
			t.Errorf("A after its change: %s, want the earlier touch kept and later events remapped", got)
		}
		if got := fmt.Sprint(touchTypes(e, b.Token)); got != "map[ad_click:2]" {
			t.Errorf("B, which changed nothing: %s", got)
		}

		// Back to the defaults: the next events follow them again.
		e.Must(200, "PUT", "/api/v1/event-map", a.Token, map[string]any{"entries": []any{}})
		ingest(t, e, keyA, events("reset-")...)
		processAll(t, e)
		if got := fmt.Sprint(touchTypes(e, a.Token)); got != "map[ad_click:2 ad_impression:2 meeting:2]" {
			t.Errorf("A after returning to the defaults: %s", got)
		}
	})
}
