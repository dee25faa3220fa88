package api_test

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// Offline and imported touchpoints: dated in the past, classified by GA4's
// rules when no channel is given, linked to their campaign by key, and landing
// on the contact's account.
func TestTouchpointScenario(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Touches")
		tok := w.Token
		globex := e.Must(201, "POST", "/api/v1/accounts", tok, map[string]any{"name": "Globex", "domain": "globex.com"}).Str("id")
		initech := e.Must(201, "POST", "/api/v1/accounts", tok, map[string]any{"name": "Initech"}).Str("id")
		hank := e.Must(201, "POST", "/api/v1/contacts", tok, map[string]any{"email": "hank@globex.com", "account_id": globex}).Str("id")
		ann := e.Must(201, "POST", "/api/v1/contacts", tok, map[string]any{"email": "ann@gmail.com"}).Str("id")
		spring := e.Must(201, "POST", "/api/v1/campaigns", tok, map[string]any{"name": "Spring launch", "channel": "Paid Search", "utm_campaign": "spring-launch"}).Str("id")

		create := func(body map[string]any) apitest.Response {
			t.Helper()
			return e.Must(201, "POST", "/api/v1/touchpoints", tok, body)
		}
		// A webinar six years ago, recorded from the attendee list: history is welcome.
		webinar := create(map[string]any{"contact_id": hank, "type": "webinar", "occurred_at": "2019-05-04T10:00:00+02:00"})
		if webinar.Str("occurred_at") != "2019-05-04T08:00:00Z" || webinar.Str("account_id") != globex || webinar.Str("channel") != "Direct" || webinar.JSON["campaign_id"] != nil {
			t.Errorf("webinar = %s", webinar.Body)
		}
		if loc := webinar.Header.Get("Location"); loc != "/api/v1/touchpoints/"+webinar.Str("id") {
			t.Errorf("Location = %q", loc)
		}
		// An ad click tagged with UTM values: Paid Search by GA4's rules, linked to the campaign by its key.
		click := create(map[string]any{"contact_id": ann, "type": "ad_click", "source": " Google", "medium": "CPC", "campaign": "Spring-Launch ", "term": "crm software", "occurred_at": "2025-03-02T09:00:00Z"})
		if click.Str("channel") != "Paid Search" || click.Str("source") != "google" || click.Str("medium") != "cpc" || click.Str("campaign") != "spring-launch" ||
			click.Str("campaign_id") != spring || click.JSON["account_id"] != nil || click.Str("term") != "crm software" {
			t.Errorf("ad click = %s", click.Body)
		}
		// A channel sent wins over derivation.
		partner := create(map[string]any{"contact_id": hank, "type": "article_read", "source": "google", "medium": "cpc", "channel": "Affiliates", "occurred_at": "2025-03-03T09:00:00Z"})
		if partner.Str("channel") != "Affiliates" {
			t.Errorf("explicit channel = %s", partner.Str("channel"))
		}
		newsletter := create(map[string]any{"contact_id": hank, "type": "email_click", "source": "newsletter", "medium": "email", "occurred_at": "2025-03-04T09:00:00Z"})
		if newsletter.Str("channel") != "Email" {
			t.Errorf("newsletter channel = %s", newsletter.Str("channel"))
		}
		// An account-level touch, and a contact's touch booked on another account on purpose.
		meeting := create(map[string]any{"account_id": globex, "type": "meeting", "occurred_at": "2025-03-05T09:00:00Z"})
		if meeting.JSON["contact_id"] != nil || meeting.Str("account_id") != globex {
			t.Errorf("account touch = %s", meeting.Body)
		}
		booth := create(map[string]any{"contact_id": hank, "account_id": initech, "type": "form_submit", "occurred_at": "2025-03-06T09:00:00Z"})
		if booth.Str("account_id") != initech {
			t.Errorf("the body's account was replaced by the contact's: %s", booth.Body)
		}
		// Now, give or take a client clock a minute fast.
		soon := create(map[string]any{"contact_id": ann, "type": "chat", "occurred_at": time.Now().Add(time.Minute).UTC().Format(time.RFC3339)})

		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"an hour from now", map[string]any{"contact_id": hank, "type": "call", "occurred_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, "occurred_at"},
			{"nobody", map[string]any{"type": "call", "source": "phone"}, "contact_id"},
			{"an unknown contact", map[string]any{"contact_id": "01900000-0000-7000-8000-000000000001", "type": "call"}, "contact_id"},
			{"an unknown account", map[string]any{"account_id": "01900000-0000-7000-8000-000000000001", "type": "call"}, "account_id"},
		} {
			r := e.Call("POST", "/api/v1/touchpoints", tok, c.body)
			wantProblem(t, c.name, r, 422, "validation_failed")
			if f := fieldErrors(r); !slices.Contains(f, c.field) {
				t.Errorf("%s: field errors %v, want %s", c.name, f, c.field)
			}
		}

		ids := func(path string) []string {
			t.Helper()
			var out []string
			for _, row := range e.Must(200, "GET", path, tok, nil).Data() {
				out = append(out, row["id"].(string))
			}
			return out
		}
		same := func(what string, got []string, want ...apitest.Response) {
			t.Helper()
			var w []string
			for _, r := range want {
				w = append(w, r.Str("id"))
			}
			if fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s: %v, want %v", what, got, w)
			}
		}
		// Filters, oldest first.
		same("contact", ids("/api/v1/touchpoints?contact_id="+hank), webinar, partner, newsletter, booth)
		same("account", ids("/api/v1/touchpoints?account_id="+globex), webinar, partner, newsletter, meeting)
		same("type", ids("/api/v1/touchpoints?type=ad_click"), click)
		same("channel", ids("/api/v1/touchpoints?channel=Email"), newsletter)
		same("campaign", ids("/api/v1/touchpoints?campaign_id="+spring), click)
		same("from/to", ids("/api/v1/touchpoints?from=2025-03-03T09:00:00Z&to=2025-03-05T09:00:00Z"), partner, newsletter)
		same("contact and range", ids("/api/v1/touchpoints?contact_id="+hank+"&from="+url.QueryEscape("2025-01-01T00:00:00+01:00")), partner, newsletter, booth)
		same("newest first", ids("/api/v1/touchpoints?sort=-occurred_at&limit=3"), soon, booth, meeting)

		// Cursor paging walks every touchpoint once, in time order.
		var paged []string
		for path := "/api/v1/touchpoints?limit=2"; ; {
			r := e.Must(200, "GET", path, tok, nil)
			for _, row := range r.Data() {
				paged = append(paged, row["id"].(string))
			}
			if r.JSON["next_cursor"] == nil {
				break
			}
			path = "/api/v1/touchpoints?limit=2&cursor=" + r.Str("next_cursor")
		}
		same("paged", paged, webinar, click, partner, newsletter, meeting, booth, soon)
		wantProblem(t, "a cursor of another sort", e.Call("GET", "/api/v1/touchpoints?sort=created_at&limit=2&cursor="+e.Must(200, "GET", "/api/v1/touchpoints?limit=2", tok, nil).Str("next_cursor"), tok, nil), 422, "validation_failed")

		// A campaign created after its touches links them; a new key relinks; deleting it unlinks.
		early := create(map[string]any{"contact_id": ann, "type": "social_share", "source": "linkedin", "medium": "social", "campaign": "Autumn", "occurred_at": "2025-09-01T09:00:00Z"})
		if early.JSON["campaign_id"] != nil {
			t.Fatalf("linked before the campaign exists: %s", early.Body)
		}
		autumn := e.Must(201, "POST", "/api/v1/campaigns", tok, map[string]any{"name": "Autumn", "channel": "Organic Social", "utm_campaign": "autumn"}).Str("id")
		campaignOf := func(r apitest.Response) any {
			t.Helper()
			return e.Must(200, "GET", "/api/v1/touchpoints/"+r.Str("id"), tok, nil).JSON["campaign_id"]
		}
		if got := campaignOf(early); got != autumn {
			t.Errorf("after the campaign was created: campaign_id %v, want %s", got, autumn)
		}
		e.Must(200, "PATCH", "/api/v1/campaigns/"+autumn, tok, map[string]any{"utm_campaign": "spring-launch-2"})
		if got := campaignOf(early); got != nil {
			t.Errorf("after the campaign's key changed: campaign_id %v, want none", got)
		}
		e.Must(200, "PATCH", "/api/v1/campaigns/"+autumn, tok, map[string]any{"utm_campaign": "AUTUMN"})
		if got := campaignOf(early); got != autumn {
			t.Errorf("after the key came back: campaign_id %v, want %s", got, autumn)
		}
		e.Must(204, "DELETE", "/api/v1/campaigns/"+spring, tok, nil)
		if got := campaignOf(click); got != nil {
			t.Errorf("after its campaign was deleted: campaign_id %v", got)
		}
		same("the deleted campaign's touches", ids("/api/v1/touchpoints?campaign_id="+spring))

		// A wrong touch is deleted; deleting a contact or an account unlinks, not deletes, its touches.
		e.Must(204, "DELETE", "/api/v1/touchpoints/"+soon.Str("id"), tok, nil)
		wantProblem(t, "a deleted touchpoint", e.Call("GET", "/api/v1/touchpoints/"+soon.Str("id"), tok, nil), 404, "not_found")
		e.Must(204, "DELETE", "/api/v1/contacts/"+hank, tok, nil)
		if r := e.Must(200, "GET", "/api/v1/touchpoints/"+webinar.Str("id"), tok, nil); r.JSON["contact_id"] != nil || r.Str("account_id") != globex {
			t.Errorf("after its contact was deleted: %s", r.Body)
		}
		e.Must(204, "DELETE", "/api/v1/accounts/"+globex, tok, nil)
		if r := e.Must(200, "GET", "/api/v1/touchpoints/"+meeting.Str("id"), tok, nil); r.JSON["account_id"] != nil {
			t.Errorf("after its account was deleted: %s", r.Body)
		}
	})
}

// A record's timeline holds its touchpoints among its activities and stage
// changes, newest first; a prospect's are its buying group's and its account's.
func TestTimelinesShowTouchpoints(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Journeys")
		tok := w.Token
		globex := e.Must(201, "POST", "/api/v1/accounts", tok, map[string]any{"name": "Globex"}).Str("id")
		hank := e.Must(201, "POST", "/api/v1/contacts", tok, map[string]any{"first_name": "Hank", "account_id": globex}).Str("id")
		mindy := e.Must(201, "POST", "/api/v1/contacts", tok, map[string]any{"first_name": "Mindy", "account_id": globex}).Str("id")
		ann := e.Must(201, "POST", "/api/v1/contacts", tok, map[string]any{"first_name": "Ann"}).Str("id")
		touch := func(body map[string]any) string {
			t.Helper()
			return e.Must(201, "POST", "/api/v1/touchpoints", tok, body).Str("id")
		}
		// Out of order on purpose: the timeline orders by when they happened.
		hankClick := touch(map[string]any{"contact_id": hank, "type": "ad_click", "source": "google", "medium": "cpc", "occurred_at": "2025-03-02T09:00:00Z"})
		hankRead := touch(map[string]any{"contact_id": hank, "type": "article_read", "occurred_at": "2025-01-15T09:00:00Z"})
		mindyWebinar := touch(map[string]any{"contact_id": mindy, "type": "webinar", "occurred_at": "2025-02-10T16:00:00Z"})
		accountMeeting := touch(map[string]any{"account_id": globex, "type": "meeting", "occurred_at": "2025-03-20T10:00:00Z"})
		annChat := touch(map[string]any{"contact_id": ann, "type": "chat", "occurred_at": "2025-03-21T10:00:00Z"})
		// Hank at a trade show, booked on another company's account: his, so the prospect's, though not on Globex.
		initech := e.Must(201, "POST", "/api/v1/accounts", tok, map[string]any{"name": "Initech"}).Str("id")
		hankBooth := touch(map[string]any{"contact_id": hank, "account_id": initech, "type": "form_submit", "occurred_at": "2025-02-01T12:00:00Z"})

		pid := e.Must(201, "POST", "/api/v1/prospects", tok, map[string]any{"title": "Globex deal", "account_id": globex, "contact_ids": []string{hank}}).Str("id")
		opened := e.Must(200, "GET", "/api/v1/prospects/"+pid+"/stage-changes", tok, nil).Data()[0]["id"].(string)
		call := e.Must(201, "POST", "/api/v1/activities", tok, map[string]any{"type": "call", "subject": "Discovery", "prospect_id": pid, "contact_id": hank, "occurred_at": "2025-03-10T09:00:00Z"}).Str("id")

		for _, tc := range []struct {
			name, path string
			want       []string // newest first
		}{
			// Hank is the buying group and Globex the account: Hank's touches and every touch on Globex count
			// (Mindy's webinar landed on Globex), Ann's does not.
			{"prospect", "/api/v1/prospects/" + pid + "/timeline", []string{opened, accountMeeting, call, hankClick, mindyWebinar, hankBooth, hankRead}},
			{"contact", "/api/v1/contacts/" + hank + "/timeline", []string{opened, call, hankClick, hankBooth, hankRead}},
			{"account", "/api/v1/accounts/" + globex + "/timeline", []string{opened, accountMeeting, call, hankClick, mindyWebinar, hankBooth, hankRead}},
			{"the other account", "/api/v1/accounts/" + initech + "/timeline", []string{hankBooth}},
			{"another contact", "/api/v1/contacts/" + ann + "/timeline", []string{annChat}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				all := e.Must(200, "GET", tc.path, tok, nil).Data()
				if got := timelineIDs(t, all); fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("timeline %v\nwant     %v", got, tc.want)
				}
				// Paging one item at a time crosses the sources without losing or repeating any.
				var paged []map[string]any
				for path := tc.path + "?limit=1"; ; {
					r := e.Must(200, "GET", path, tok, nil)
					paged = append(paged, r.Data()...)
					if r.JSON["next_cursor"] == nil {
						break
					}
					path = tc.path + "?limit=1&cursor=" + r.Str("next_cursor")
				}
				if got := timelineIDs(t, paged); fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("paged timeline %v\nwant           %v", got, tc.want)
				}
			})
		}
		item := e.Must(200, "GET", "/api/v1/contacts/"+ann+"/timeline", tok, nil).Data()[0]
		tp, _ := item["touchpoint"].(map[string]any)
		if item["kind"] != "touchpoint" || item["occurred_at"] != "2025-03-21T10:00:00Z" || tp["type"] != "chat" || tp["id"] != annChat {
			t.Errorf("touchpoint item = %v", item)
		}
	})
}

// timelineIDs reads each item's record id and checks the items are newest first.
func timelineIDs(t *testing.T, items []map[string]any) []string {
	t.Helper()
	var out []string
	var prev time.Time
	for i, it := range items {
		kind := it["kind"].(string)
		rec, ok := it[kind].(map[string]any)
		if !ok {
			t.Fatalf("item %d of kind %s has no %s: %v", i, kind, kind, it)
		}
		at, err := time.Parse(time.RFC3339Nano, it["occurred_at"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && at.After(prev) {
			t.Errorf("item %d (%s) is newer than the one before it", i, at)
		}
		prev = at
		out = append(out, rec["id"].(string))
	}
	return out
}
