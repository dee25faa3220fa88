package api_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// A contact's timeline shows its tracked visits, with the pages they saw, and
// its track events; so do its account's and its prospect's. Another
// workspace's visitor of the same anonymousId and userId never shows.
func TestTimelinesShowSessionsAndEvents(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Visits")
		other := e.Signup("Elsewhere")
		journey := []string{
			page("p1", "ann", "2026-01-05T10:00:00Z", "https://acme.io/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring"),
			`{"type":"page","messageId":"p2","anonymousId":"ann","timestamp":"2026-01-05T10:05:00Z","name":"Features","properties":{"title":"Acme features","url":"https://acme.io/features"}}`,
			`{"type":"track","messageId":"t1","anonymousId":"ann","event":"Ad Clicked","timestamp":"2026-01-05T10:06:00Z","properties":{"ad":"spring-1","cost":2.5}}`,
			identify("i1", "ann", "u-ann", "2026-01-05T10:07:00Z", `{"email":"ann@acme.io","firstName":"Ann"}`),
			// Server-side, by userId only: still Ann's.
			`{"type":"track","messageId":"t2","userId":"u-ann","event":"Demo Requested","timestamp":"2026-01-05T11:00:00Z","properties":{"plan":"pro"}}`,
			// Someone else's click.
			`{"type":"track","messageId":"t3","anonymousId":"bob","event":"Ad Clicked","timestamp":"2026-01-05T10:30:00Z"}`,
		}
		ingest(t, e, writeKey(t, e, w), journey...)
		ingest(t, e, writeKey(t, e, other), journey...)
		processAll(t, e)

		sessions, err := e.DB.VisitorSessions(context.Background(), w.ID, "ann")
		if err != nil || len(sessions) != 1 {
			t.Fatalf("sessions %+v, %v", sessions, err)
		}
		tok := w.Token
		con := e.Must(200, "GET", "/api/v1/contacts?email=ann@acme.io", tok, nil).Data()[0]
		ann := con["id"].(string)
		acc := con["account_id"].(string)
		pid := e.Must(200, "GET", "/api/v1/prospects?contact_id="+ann, tok, nil).Data()[0]["id"].(string)

		for name, path := range map[string]string{"contact": "/api/v1/contacts/" + ann + "/timeline", "account": "/api/v1/accounts/" + acc + "/timeline", "prospect": "/api/v1/prospects/" + pid + "/timeline"} {
			t.Run(name, func(t *testing.T) {
				all := e.Must(200, "GET", path, tok, nil).Data()
				timelineIDs(t, all) // newest first
				var got []string
				var visit, click map[string]any
				for _, it := range all {
					switch it["kind"] {
					case "session":
						visit = it["session"].(map[string]any)
						got = append(got, "session "+visit["id"].(string))
					case "event":
						ev := it["event"].(map[string]any)
						got = append(got, "event "+ev["event"].(string)+" at "+it["occurred_at"].(string))
						if ev["event"] == "Ad Clicked" {
							click = ev
						}
					}
				}
				want := []string{"event Demo Requested at 2026-01-05T11:00:00Z", "event Ad Clicked at 2026-01-05T10:06:00Z", "session " + sessions[0].ID}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("sessions and events %v\nwant %v", got, want)
				}
				pages := fmt.Sprint(visit["pages"])
				wantPages := "[map[at:2026-01-05T10:00:00Z title: url:https://acme.io/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring] map[at:2026-01-05T10:05:00Z title:Acme features url:https://acme.io/features]]"
				if pages != wantPages || visit["channel"] != "Paid Search" || visit["page_views"] != float64(2) || visit["source"] != "google" || visit["campaign"] != "spring" || visit["started_at"] != "2026-01-05T10:00:00Z" {
					t.Errorf("session %v\npages %s\nwant  %s", visit, pages, wantPages)
				}
				if props := fmt.Sprint(click["properties"]); props != "map[ad:spring-1 cost:2.5]" {
					t.Errorf("event properties %s", props)
				}
				// Paging one item at a time crosses all five sources without losing or repeating any.
				var paged []map[string]any
				for next := path + "?limit=1"; ; {
					r := e.Must(200, "GET", next, tok, nil)
					paged = append(paged, r.Data()...)
					if r.JSON["next_cursor"] == nil {
						break
					}
					next = path + "?limit=1&cursor=" + r.Str("next_cursor")
				}
				if a, b := fmt.Sprint(timelineIDs(t, paged)), fmt.Sprint(timelineIDs(t, all)); a != b {
					t.Errorf("paged %s\nwant  %s", a, b)
				}
			})
		}
	})
}
