package api_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// ingest posts messages to /v1/batch as a tracking library would.
func ingest(t *testing.T, e *apitest.Env, key string, msgs ...string) {
	t.Helper()
	if r := track(e, "/v1/batch", key, `{"batch":[`+strings.Join(msgs, ",")+`]}`); r.Status != 200 {
		t.Fatalf("batch: %d %s", r.Status, r.Body)
	}
}

func processAll(t *testing.T, e *apitest.Env) {
	t.Helper()
	if err := e.DB.ProcessAll(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func page(id, anon, at, url string) string {
	return fmt.Sprintf(`{"type":"page","messageId":%q,"anonymousId":%q,"timestamp":%q,"context":{"page":{"url":%q},"userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0"}}`, id, anon, at, url)
}

func identify(id, anon, user, at, traits string) string {
	return fmt.Sprintf(`{"type":"identify","messageId":%q,"anonymousId":%q,"userId":%q,"timestamp":%q,"traits":%s}`, id, anon, user, at, traits)
}

func TestProcessorJourney(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Journey")
		key := writeKey(t, e, w)
		ctx := context.Background()
		ingest(t, e, key,
			page("p1", "ann", "2026-01-05T10:00:00Z", "https://acme.io/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring"),
			page("p2", "ann", "2026-01-05T10:05:00Z", "https://acme.io/features"),
			`{"type":"track","messageId":"t1","anonymousId":"ann","event":"Ad Clicked","timestamp":"2026-01-05T10:06:00Z"}`,
			// 40 minutes idle: a second session.
			page("p3", "ann", "2026-01-05T10:46:00Z", "https://acme.io/blog"),
			// An ad click that carries its own tags keeps its own channel.
			`{"type":"track","messageId":"t2","anonymousId":"ann","event":"ad_clicked","timestamp":"2026-01-05T10:47:00Z","context":{"page":{"url":"https://acme.io/blog?utm_source=facebook&utm_medium=paid_social"}}}`,
			// Another campaign mid-visit: a third.
			page("p4", "ann", "2026-01-05T10:50:00Z", "https://acme.io/demo?utm_source=newsletter&utm_medium=email&utm_campaign=summer"),
		)
		// The same messages again (an SDK retry) change nothing.
		ingest(t, e, key, page("p1", "ann", "2026-01-05T10:00:00Z", "https://acme.io/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring"))
		processAll(t, e)

		sessions, err := e.DB.VisitorSessions(ctx, w.ID, "ann")
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			channel tracking.Channel
			views   int
			landing string
		}{
			{tracking.ChannelPaidSearch, 2, "https://acme.io/pricing?utm_source=google&utm_medium=cpc&utm_campaign=spring"},
			{tracking.ChannelDirect, 1, "https://acme.io/blog"},
			{tracking.ChannelEmail, 1, "https://acme.io/demo?utm_source=newsletter&utm_medium=email&utm_campaign=summer"},
		}
		if len(sessions) != len(want) {
			t.Fatalf("%d sessions, want %d: %+v", len(sessions), len(want), sessions)
		}
		for i, s := range sessions {
			if s.Channel != want[i].channel || s.PageViews != want[i].views || s.LandingPage != want[i].landing || s.Number != i+1 || s.DeviceType != tracking.DeviceDesktop {
				t.Errorf("session %d = %+v, want %+v", i+1, s, want[i])
			}
		}

		// Identify: the contact, its account by domain, back-linked touches, a prospect.
		ingest(t, e, key, identify("i1", "ann", "u-ann", "2026-01-05T10:51:00Z", `{"email":"Ann@Acme.io","firstName":"Ann","lastName":"Lee"}`))
		processAll(t, e)
		contacts := e.Must(200, "GET", "/api/v1/contacts?email=ann@acme.io", w.Token, nil).Data()
		if len(contacts) != 1 || contacts[0]["first_name"] != "Ann" || contacts[0]["account_id"] == nil {
			t.Fatalf("contacts: %v", contacts)
		}
		ann := contacts[0]["id"].(string)
		accounts := e.Must(200, "GET", "/api/v1/accounts?domain=acme.io", w.Token, nil).Data()
		if len(accounts) != 1 || accounts[0]["id"] != contacts[0]["account_id"] {
			t.Fatalf("accounts: %v, contact's %v", accounts, contacts[0]["account_id"])
		}
		touches := e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+ann, w.Token, nil).Data()
		types := map[string]int{}
		for _, tp := range touches {
			types[tp["type"].(string)]++
			if tp["account_id"] != accounts[0]["id"] {
				t.Errorf("touchpoint %v not linked to the account", tp["id"])
			}
		}
		if types["session"] != 3 || types["ad_click"] != 2 || len(touches) != 5 {
			t.Fatalf("back-linked touchpoints by type: %v", types)
		}
		clicks := map[string]bool{}
		for _, tp := range touches {
			if tp["type"] == "ad_click" {
				clicks[tp["channel"].(string)] = true
			}
		}
		// The untagged click takes its session's channel, the tagged one its own.
		if !clicks[string(tracking.ChannelPaidSearch)] || !clicks[string(tracking.ChannelPaidSocial)] {
			t.Errorf("ad click channels %v, want Paid Search and Paid Social", clicks)
		}
		prospects := e.Must(200, "GET", "/api/v1/prospects?contact_id="+ann, w.Token, nil).Data()
		if len(prospects) != 1 || prospects[0]["stage_id"] != e.Stages(w.Token)[0] || prospects[0]["title"] != accounts[0]["name"] {
			t.Fatalf("prospects: %v", prospects)
		}
		ft, _ := prospects[0]["first_touch"].(map[string]any)
		if ft["channel"] != string(tracking.ChannelPaidSearch) || ft["campaign"] != "spring" {
			t.Errorf("prospect first_touch = %v, want Paid Search / spring", prospects[0]["first_touch"])
		}
		if ft, _ := e.Must(200, "GET", "/api/v1/contacts/"+ann, w.Token, nil).JSON["first_touch"].(map[string]any); ft["channel"] != string(tracking.ChannelPaidSearch) {
			t.Errorf("contact first_touch = %v", ft)
		}

		// A later page view belongs to the contact at once; a second identify creates nothing.
		ingest(t, e, key,
			page("p5", "ann", "2026-01-05T10:52:00Z", "https://acme.io/signup"),
			identify("i2", "ann", "u-ann", "2026-01-05T10:53:00Z", `{"email":"ann@acme.io","name":"Someone Else"}`),
			// A colleague: same account, added to its open prospect.
			page("p6", "cyd", "2026-01-05T11:00:00Z", "https://acme.io/"),
			identify("i3", "cyd", "u-cyd", "2026-01-05T11:01:00Z", `{"email":"cyd@acme.io"}`),
			// A free-mail person: a contact and a prospect, no account.
			page("p7", "bob", "2026-01-05T11:00:00Z", "https://acme.io/?gclid=abc"),
			identify("i4", "bob", "u-bob", "2026-01-05T11:02:00Z", `{"email":"bob@gmail.com","name":"Bob Ray"}`),
		)
		processAll(t, e)
		if n := len(e.Must(200, "GET", "/api/v1/contacts", w.Token, nil).Data()); n != 3 {
			t.Errorf("%d contacts, want 3 (ann, cyd, bob)", n)
		}
		if c := e.Must(200, "GET", "/api/v1/contacts/"+ann, w.Token, nil).JSON; c["first_name"] != "Ann" || c["last_name"] != "Lee" {
			t.Errorf("names were overwritten: %v %v", c["first_name"], c["last_name"])
		}
		if n := len(e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+ann, w.Token, nil).Data()); n != 5 {
			t.Errorf("ann has %d touchpoints, want 5 (p5 joins session 3)", n)
		}
		if n := len(e.Must(200, "GET", "/api/v1/accounts", w.Token, nil).Data()); n != 1 {
			t.Errorf("%d accounts, want 1: gmail.com is no company", n)
		}
		all := e.Must(200, "GET", "/api/v1/prospects", w.Token, nil).Data()
		if len(all) != 2 {
			t.Fatalf("%d prospects, want 2 (acme.io's and bob's): %v", len(all), all)
		}
		bobs := e.Must(200, "GET", "/api/v1/contacts?email=bob@gmail.com", w.Token, nil).Data()
		if len(bobs) != 1 || bobs[0]["account_id"] != nil {
			t.Fatalf("bob: %v", bobs)
		}
		bp := e.Must(200, "GET", "/api/v1/prospects?contact_id="+bobs[0]["id"].(string), w.Token, nil).Data()
		if len(bp) != 1 || bp[0]["title"] != "Bob Ray" {
			t.Fatalf("bob's prospect: %v", bp)
		}
		if ft, _ := bp[0]["first_touch"].(map[string]any); ft["channel"] != string(tracking.ChannelPaidSearch) {
			t.Errorf("bob's first touch %v, want Paid Search from the gclid", bp[0]["first_touch"])
		}
		cyds := e.Must(200, "GET", "/api/v1/contacts?email=cyd@acme.io", w.Token, nil).Data()
		if cp := e.Must(200, "GET", "/api/v1/prospects?contact_id="+cyds[0]["id"].(string), w.Token, nil).Data(); len(cp) != 1 || cp[0]["id"] != prospects[0]["id"] {
			t.Errorf("cyd's prospects %v, want acme.io's open one", cp)
		}
	})
}

// group links the user's contact to the account its traits name; alias
// gives the user the touches of an earlier anonymous id.
func TestProcessorGroupAndAlias(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Groups")
		key := writeKey(t, e, w)
		ingest(t, e, key,
			page("p1", "old-device", "2026-01-05T09:00:00Z", "https://initech.com/?utm_source=linkedin&utm_medium=paid_social"),
			identify("i1", "new-device", "u-dan", "2026-01-05T10:00:00Z", `{}`),
			`{"type":"group","messageId":"g1","userId":"u-dan","groupId":"org-1","timestamp":"2026-01-05T10:01:00Z","traits":{"name":"Initech","website":"https://www.Initech.com/about"}}`,
			`{"type":"group","messageId":"g2","userId":"u-nobody","groupId":"org-2","timestamp":"2026-01-05T10:01:00Z","traits":{"name":"Nobody Inc"}}`,
			`{"type":"alias","messageId":"a1","previousId":"old-device","userId":"u-dan","timestamp":"2026-01-05T10:02:00Z"}`,
		)
		processAll(t, e)
		contacts := e.Must(200, "GET", "/api/v1/contacts", w.Token, nil).Data()
		if len(contacts) != 1 {
			t.Fatalf("contacts %v, want dan only (a group of an unknown user creates nothing)", contacts)
		}
		accounts := e.Must(200, "GET", "/api/v1/accounts?domain=initech.com", w.Token, nil).Data()
		if len(accounts) != 1 || accounts[0]["name"] != "Initech" || contacts[0]["account_id"] != accounts[0]["id"] {
			t.Fatalf("accounts %v, contact %v", accounts, contacts[0])
		}
		dan := contacts[0]["id"].(string)
		touches := e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+dan, w.Token, nil).Data()
		if len(touches) != 1 || touches[0]["channel"] != "Paid Social" {
			t.Fatalf("dan's touchpoints %v, want the aliased device's Paid Social session", touches)
		}
		// Deleting the contact unlinks its visitors and sessions too.
		e.Must(204, "DELETE", "/api/v1/contacts/"+dan, w.Token, nil)
	})
}

// Two workers draining one queue process every event exactly once.
func TestProcessorConcurrentWorkers(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Busy")
		key := writeKey(t, e, w)
		const visitors = 40
		var msgs []string
		for i := range visitors {
			anon := fmt.Sprintf("v%d", i)
			msgs = append(msgs,
				page("a"+anon, anon, "2026-01-05T10:00:00Z", "https://acme.io/?utm_source=google&utm_medium=cpc"),
				page("b"+anon, anon, "2026-01-05T11:00:00Z", "https://acme.io/"),
				fmt.Sprintf(`{"type":"track","messageId":"c%s","anonymousId":%q,"event":"Form Submitted","timestamp":"2026-01-05T11:01:00Z"}`, anon, anon))
		}
		ingest(t, e, key, msgs...)
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for range 2 {
			wg.Go(func() {
				for {
					n, err := e.DB.ProcessBatch(context.Background(), 7)
					if err != nil {
						errs <- err
						return
					}
					if n == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		counts := map[string]int{}
		var cursor string
		for {
			r := e.Must(200, "GET", "/api/v1/touchpoints?limit=100"+cursor, w.Token, nil)
			for _, tp := range r.Data() {
				counts[tp["type"].(string)]++
			}
			next, _ := r.JSON["next_cursor"].(string)
			if next == "" {
				break
			}
			cursor = "&cursor=" + next
		}
		if counts["session"] != 2*visitors || counts["form_submit"] != visitors {
			t.Errorf("touchpoints by type %v, want %d sessions and %d form submits", counts, 2*visitors, visitors)
		}
	})
}

// Two workspaces tracking the same visitor and person keep separate records.
func TestProcessorKeepsWorkspacesApart(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a, b := e.Signup("Alpha"), e.Signup("Beta")
		for _, w := range []apitest.Workspace{a, b} {
			ingest(t, e, writeKey(t, e, w),
				page("p1", "same-anon", "2026-01-05T10:00:00Z", "https://acme.io/?utm_source=google&utm_medium=cpc"),
				identify("i1", "same-anon", "same-user", "2026-01-05T10:01:00Z", `{"email":"ann@acme.io"}`))
		}
		processAll(t, e)
		for _, w := range []apitest.Workspace{a, b} {
			contacts := e.Must(200, "GET", "/api/v1/contacts", w.Token, nil).Data()
			if len(contacts) != 1 {
				t.Fatalf("%s: contacts %v, want its own one", w.ID, contacts)
			}
			touches := e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+contacts[0]["id"].(string), w.Token, nil).Data()
			accounts := e.Must(200, "GET", "/api/v1/accounts", w.Token, nil).Data()
			prospects := e.Must(200, "GET", "/api/v1/prospects", w.Token, nil).Data()
			if len(touches) != 1 || len(accounts) != 1 || len(prospects) != 1 {
				t.Errorf("%s: %d touchpoints, %d accounts, %d prospects; want 1 of each", w.ID, len(touches), len(accounts), len(prospects))
			}
		}
	})
}

// /metrics says whether processing keeps up: how many events wait and how
// long ago the next one was accepted, back to zero once they are processed.
func TestMetricsShowTheProcessingQueue(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Watched")
		key := writeKey(t, e, w)
		ingest(t, e, key,
			page("q1", "a1", "2026-01-05T10:00:00Z", "https://acme.io/"),
			page("q2", "a1", "2026-01-05T10:01:00Z", "https://acme.io/pricing"),
			page("q3", "a2", "2026-01-05T10:02:00Z", "https://acme.io/"))
		gauge := func(name string) float64 {
			t.Helper()
			for line := range strings.SplitSeq(string(e.Must(200, "GET", "/metrics", "", nil).Body), "\n") {
				if v, ok := strings.CutPrefix(line, name+" "); ok {
					var f float64
					if _, err := fmt.Sscan(v, &f); err != nil {
						t.Fatalf("%s: %v", line, err)
					}
					return f
				}
			}
			t.Fatalf("/metrics lacks %s", name)
			return 0
		}
		if n, lag, aside := gauge("onefunnel_event_queue_waiting"), gauge("onefunnel_event_queue_lag_seconds"), gauge("onefunnel_event_queue_set_aside"); n != 3 || lag <= 0 || lag > 60 || aside != 0 {
			t.Errorf("before processing: waiting %v, lag %v s, set aside %v; want 3, a few ms, 0", n, lag, aside)
		}
		processAll(t, e)
		if n, lag := gauge("onefunnel_event_queue_waiting"), gauge("onefunnel_event_queue_lag_seconds"); n != 0 || lag != 0 {
			t.Errorf("after processing: waiting %v, lag %v s; want 0 and 0", n, lag)
		}
	})
}
