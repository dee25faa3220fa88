package api_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

func userPage(id, user, at, url string) string {
	return fmt.Sprintf(`{"type":"page","messageId":%q,"userId":%q,"timestamp":%q,"context":{"page":{"url":%q}}}`, id, user, at, url)
}

// Server-side libraries send page views with a userId and no anonymousId:
// they are sessionised as the visitor "user:"+userId, so they become the
// contact's sessions and touchpoints like a browser's.
func TestUserOnlyHitsMakeSessions(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Server side")
		key := writeKey(t, e, w)
		ctx := context.Background()

		// A known user: their hits are theirs from the first.
		ingest(t, e, key, `{"type":"identify","messageId":"i1","userId":"u-kim","timestamp":"2026-01-05T09:00:00Z","traits":{"email":"kim@globex.com"}}`)
		processAll(t, e)
		ingest(t, e, key,
			userPage("p1", "u-kim", "2026-01-05T10:00:00Z", "https://app.globex.com/?utm_source=newsletter&utm_medium=email&utm_campaign=jan"),
			userPage("p2", "u-kim", "2026-01-05T10:10:00Z", "https://app.globex.com/reports"),
			// 40 minutes idle: a second session.
			userPage("p3", "u-kim", "2026-01-05T10:50:00Z", "https://app.globex.com/settings"),
			`{"type":"track","messageId":"t1","userId":"u-kim","event":"Webinar Attended","timestamp":"2026-01-05T10:55:00Z"}`,
		)
		processAll(t, e)
		kim := e.Must(200, "GET", "/api/v1/contacts?email=kim@globex.com", w.Token, nil).Data()[0]["id"].(string)
		sessions, err := e.DB.VisitorSessions(ctx, w.ID, tracking.UserVisitorPrefix+"u-kim")
		if err != nil || len(sessions) != 2 {
			t.Fatalf("sessions of user:u-kim: %+v, %v; want 2", sessions, err)
		}
		if s := sessions[0]; s.Channel != tracking.ChannelEmail || s.PageViews != 2 || s.ContactID == nil || *s.ContactID != kim {
			t.Errorf("first session %+v, want Email, 2 page views, Kim's", s)
		}
		var got []string
		for _, tp := range e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+kim, w.Token, nil).Data() {
			got = append(got, fmt.Sprintf("%s/%s/%s", tp["type"], tp["channel"], tp["anonymous_id"]))
		}
		want := "[session/Email/user:u-kim session/Direct/user:u-kim webinar/Direct/user:u-kim]"
		if fmt.Sprint(got) != want {
			t.Errorf("Kim's touchpoints %v\nwant %s", got, want)
		}
		var pages []any
		for _, it := range e.Must(200, "GET", "/api/v1/contacts/"+kim+"/timeline", w.Token, nil).Data() {
			if it["kind"] == "session" {
				pages = append(pages, it["session"].(map[string]any)["pages"].([]any)...)
			}
		}
		if len(pages) != 3 {
			t.Errorf("the timeline's sessions list %d pages, want the 3 server-side views: %v", len(pages), pages)
		}

		// An unknown user: the hits wait on the visitor, and the identify
		// that makes the contact gives it them and its first touch.
		ingest(t, e, key,
			userPage("p4", "u-lee", "2026-01-06T08:00:00Z", "https://app.globex.com/?gclid=abc"),
			`{"type":"identify","messageId":"i2","userId":"u-lee","timestamp":"2026-01-06T08:05:00Z","traits":{"email":"lee@initech.com","name":"Lee Park"}}`,
			userPage("p5", "u-lee", "2026-01-06T08:06:00Z", "https://app.globex.com/billing"),
		)
		processAll(t, e)
		lee := e.Must(200, "GET", "/api/v1/contacts?email=lee@initech.com", w.Token, nil).Data()[0]
		touches := e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+lee["id"].(string), w.Token, nil).Data()
		if len(touches) != 1 || touches[0]["channel"] != "Paid Search" || touches[0]["account_id"] != lee["account_id"] {
			t.Errorf("Lee's touchpoints %v, want the one Paid Search session, on Lee's account %v", touches, lee["account_id"])
		}
		if ft, _ := lee["first_touch"].(map[string]any); ft["channel"] != "Paid Search" {
			t.Errorf("Lee's first touch %v, want the server-side session's", lee["first_touch"])
		}
		prospects := e.Must(200, "GET", "/api/v1/prospects?contact_id="+lee["id"].(string), w.Token, nil).Data()
		if ft, _ := prospects[0]["first_touch"].(map[string]any); len(prospects) != 1 || ft["channel"] != "Paid Search" {
			t.Errorf("Lee's prospects %v", prospects)
		}
		if s, _ := e.DB.VisitorSessions(ctx, w.ID, tracking.UserVisitorPrefix+"u-lee"); len(s) != 1 || s[0].PageViews != 2 {
			t.Errorf("Lee's sessions %+v, want one of 2 page views", s)
		}
	})
}
