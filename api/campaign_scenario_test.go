package api_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// A campaign as a marketer keeps it: a key that touchpoints link by, dates,
// and what it cost month by month.
func TestCampaignScenario(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Marketing")
		tok := w.Token

		c := e.Must(201, "POST", "/api/v1/campaigns", tok, map[string]any{
			"name": "Spring launch", "channel": "Paid Search", "utm_campaign": " Spring-Launch ", "starts_on": "2025-03-01", "ends_on": "2025-05-31",
		})
		id := c.Str("id")
		if c.Str("utm_campaign") != "spring-launch" || c.Str("channel") != "Paid Search" || c.Str("starts_on") != "2025-03-01" || c.Str("ends_on") != "2025-05-31" {
			t.Fatalf("campaign = %s", c.Body)
		}
		if loc := c.Header.Get("Location"); loc != "/api/v1/campaigns/"+id {
			t.Errorf("Location = %q", loc)
		}
		if got := e.Must(200, "GET", "/api/v1/campaigns/"+id, tok, nil); got.Str("name") != "Spring launch" {
			t.Errorf("get = %s", got.Body)
		}

		// The key is unique in the workspace as GA4 compares it: case and spaces do not make another.
		wantProblem(t, "the same key in capitals", e.Call("POST", "/api/v1/campaigns", tok, map[string]any{"name": "Copy", "channel": "Email", "utm_campaign": "SPRING-LAUNCH"}), 409, "conflict")
		other := e.Must(201, "POST", "/api/v1/campaigns", tok, map[string]any{"name": "Autumn webinar", "channel": "Email", "utm_campaign": "autumn"}).Str("id")
		wantProblem(t, "renaming a key onto another's", e.Call("PATCH", "/api/v1/campaigns/"+other, tok, map[string]any{"utm_campaign": "Spring-Launch"}), 409, "conflict")
		// Another workspace may use the same key.
		e.Must(201, "POST", "/api/v1/campaigns", e.Signup("Elsewhere").Token, map[string]any{"name": "Theirs", "channel": "Display", "utm_campaign": "spring-launch"})

		// Dates: a campaign ends on or after the day it starts, also when a patch changes one of them.
		bad := e.Call("POST", "/api/v1/campaigns", tok, map[string]any{"name": "Backwards", "channel": "Email", "utm_campaign": "backwards", "starts_on": "2025-03-10", "ends_on": "2025-03-01"})
		wantProblem(t, "ending before it starts", bad, 422, "validation_failed")
		if f := fieldErrors(bad); !slices.Equal(f, []string{"ends_on"}) {
			t.Errorf("field errors %v, want ends_on", f)
		}
		wantProblem(t, "a patched end before the stored start", e.Call("PATCH", "/api/v1/campaigns/"+id, tok, map[string]any{"ends_on": "2025-02-28"}), 422, "validation_failed")
		wantProblem(t, "a patched start after the stored end", e.Call("PATCH", "/api/v1/campaigns/"+id, tok, map[string]any{"starts_on": "2025-06-01"}), 422, "validation_failed")
		e.Must(200, "PATCH", "/api/v1/campaigns/"+id, tok, map[string]any{"starts_on": "2025-03-01", "ends_on": "2025-03-01"})
		open := e.Must(200, "PATCH", "/api/v1/campaigns/"+id, tok, map[string]any{"name": "Spring launch 2025", "ends_on": nil})
		if open.JSON["ends_on"] != nil || open.Str("starts_on") != "2025-03-01" || open.Str("name") != "Spring launch 2025" || open.Str("utm_campaign") != "spring-launch" {
			t.Errorf("after the patch: %s", open.Body)
		}

		// Lists: search, filters, sort and cursor paging.
		e.Must(201, "POST", "/api/v1/campaigns", tok, map[string]any{"name": "Brand video", "channel": "Paid Video", "utm_campaign": "brand-video"})
		if got := names(e.Must(200, "GET", "/api/v1/campaigns?q=spr", tok, nil)); fmt.Sprint(got) != "[Spring launch 2025]" {
			t.Errorf("q=spr: %v", got)
		}
		if got := names(e.Must(200, "GET", "/api/v1/campaigns?channel=Email", tok, nil)); fmt.Sprint(got) != "[Autumn webinar]" {
			t.Errorf("channel=Email: %v", got)
		}
		if got := names(e.Must(200, "GET", "/api/v1/campaigns?utm_campaign=%20Brand-Video", tok, nil)); fmt.Sprint(got) != "[Brand video]" {
			t.Errorf("utm_campaign=Brand-Video: %v", got)
		}
		var paged []string
		for path := "/api/v1/campaigns?sort=name&limit=2"; ; {
			r := e.Must(200, "GET", path, tok, nil)
			paged = append(paged, names(r)...)
			if r.JSON["next_cursor"] == nil {
				break
			}
			path = "/api/v1/campaigns?sort=name&limit=2&cursor=" + r.Str("next_cursor")
		}
		if fmt.Sprint(paged) != "[Autumn webinar Brand video Spring launch 2025]" {
			t.Errorf("paged by name: %v", paged)
		}
		since := e.Must(200, "GET", "/api/v1/campaigns/"+id, tok, nil).Str("updated_at")
		if got := names(e.Must(200, "GET", "/api/v1/campaigns?updated_since="+since, tok, nil)); !slices.Contains(got, "Spring launch 2025") {
			t.Errorf("updated_since its own update: %v", got)
		}

		// Spend per period: months that never overlap, money as minor units.
		spend := "/api/v1/campaigns/" + id + "/spend"
		march := e.Must(201, "POST", spend, tok, map[string]any{"period_start": "2025-03-01", "period_end": "2025-03-31", "amount": 1250000, "currency": "eur"})
		if march.Str("currency") != "EUR" || march.JSON["amount"] != float64(1250000) || march.Str("campaign_id") != id || march.Str("period_end") != "2025-03-31" {
			t.Errorf("spend = %s", march.Body)
		}
		loc := march.Header.Get("Location")
		if loc != spend+"/"+march.Str("id") {
			t.Errorf("Location = %q", loc)
		}
		e.Must(200, "GET", loc, tok, nil)
		e.Must(201, "POST", spend, tok, map[string]any{"period_start": "2025-04-01", "period_end": "2025-04-30", "amount": 900000, "currency": "EUR"})
		for _, p := range []struct{ name, start, end string }{
			{"sharing March's last day", "2025-03-31", "2025-04-05"},
			{"inside April", "2025-04-10", "2025-04-11"},
			{"around both", "2025-02-01", "2025-05-31"},
			{"March again", "2025-03-01", "2025-03-31"},
		} {
			r := e.Call("POST", spend, tok, map[string]any{"period_start": p.start, "period_end": p.end, "amount": 1, "currency": "EUR"})
			wantProblem(t, "spend "+p.name, r, 409, "conflict")
		}
		e.Must(201, "POST", spend, tok, map[string]any{"period_start": "2025-05-01", "period_end": "2025-05-01", "amount": 0, "currency": "USD"})
		backwards := e.Call("POST", spend, tok, map[string]any{"period_start": "2025-06-30", "period_end": "2025-06-01", "amount": 1, "currency": "EUR"})
		wantProblem(t, "a period ending before it starts", backwards, 422, "validation_failed")
		if f := fieldErrors(backwards); !slices.Equal(f, []string{"period_end"}) {
			t.Errorf("field errors %v, want period_end", f)
		}
		for _, cur := range []string{"EUX", "€€€", "eu"} {
			r := e.Call("POST", spend, tok, map[string]any{"period_start": "2025-06-01", "period_end": "2025-06-30", "amount": 1, "currency": cur})
			wantProblem(t, "currency "+cur, r, 422, "validation_failed")
		}

		var periods []string
		for path := spend + "?limit=1"; ; {
			r := e.Must(200, "GET", path, tok, nil)
			for _, s := range r.Data() {
				periods = append(periods, s["period_start"].(string))
			}
			if r.JSON["next_cursor"] == nil {
				break
			}
			path = spend + "?limit=1&cursor=" + r.Str("next_cursor")
		}
		if fmt.Sprint(periods) != "[2025-03-01 2025-04-01 2025-05-01]" {
			t.Errorf("spend pages: %v", periods)
		}

		// A spend row answers only under its own campaign's path.
		wrong := "/api/v1/campaigns/" + other + "/spend/" + march.Str("id")
		wantProblem(t, "March under another campaign", e.Call("GET", wrong, tok, nil), 404, "not_found")
		wantProblem(t, "deleting March under another campaign", e.Call("DELETE", wrong, tok, nil), 404, "not_found")
		e.Must(204, "DELETE", loc, tok, nil)
		wantProblem(t, "a deleted spend row", e.Call("DELETE", loc, tok, nil), 404, "not_found")
		e.Must(201, "POST", spend, tok, map[string]any{"period_start": "2025-03-15", "period_end": "2025-03-31", "amount": 1, "currency": "EUR"})

		// Deleting the campaign takes its spend with it.
		e.Must(204, "DELETE", "/api/v1/campaigns/"+id, tok, nil)
		wantProblem(t, "a deleted campaign", e.Call("GET", "/api/v1/campaigns/"+id, tok, nil), 404, "not_found")
		wantProblem(t, "a deleted campaign's spend", e.Call("GET", spend, tok, nil), 404, "not_found")
		wantProblem(t, "spend on a deleted campaign", e.Call("POST", spend, tok, map[string]any{"period_start": "2025-09-01", "period_end": "2025-09-30", "amount": 1, "currency": "EUR"}), 404, "not_found")
		// Its key is free again.
		e.Must(201, "POST", "/api/v1/campaigns", tok, map[string]any{"name": "Spring relaunch", "channel": "Paid Search", "utm_campaign": "spring-launch"})
	})
}

// Two marketers adding overlapping spend at once: exactly one wins.
func TestConcurrentSpendDoesNotOverlap(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Race")
		spend := "/api/v1/campaigns/" + e.Must(201, "POST", "/api/v1/campaigns", w.Token, map[string]any{"name": "Race", "channel": "Display", "utm_campaign": "race"}).Str("id") + "/spend"
		const n = 8
		statuses := make(chan int, n)
		for i := 0; i < n; i++ {
			go func(i int) {
				// Every period contains 2025-06-15, so any two overlap.
				r := e.Call("POST", spend, w.Token, map[string]any{"period_start": fmt.Sprintf("2025-06-%02d", 1+i), "period_end": "2025-06-30", "amount": 100, "currency": "EUR"})
				statuses <- r.Status
			}(i)
		}
		created, conflicts := 0, 0
		for i := 0; i < n; i++ {
			switch s := <-statuses; s {
			case 201:
				created++
			case 409:
				conflicts++
			default:
				t.Errorf("status %d", s)
			}
		}
		if created != 1 || conflicts != n-1 {
			t.Errorf("%d created, %d conflicts; want 1 and %d", created, conflicts, n-1)
		}
		if got := len(e.Must(200, "GET", spend, w.Token, nil).Data()); got != 1 {
			t.Errorf("%d spend rows stored, want 1", got)
		}
	})
}

// names lists the "name" of each row of a list answer.
func names(r apitest.Response) []string {
	var out []string
	for _, row := range r.Data() {
		out = append(out, row["name"].(string))
	}
	return out
}
