package demo

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// The same config gives the same plan, ids included, and a chunk is the same
// read alone or in sequence; another seed gives another plan.
func TestGenerateIsDeterministic(t *testing.T) {
	cfg := testConfig(42, 1.2)
	a, b := mustGenerate(t, cfg), mustGenerate(t, cfg)
	if !reflect.DeepEqual(a.Campaigns, b.Campaigns) || !reflect.DeepEqual(a.Spend, b.Spend) {
		t.Fatal("campaigns or spend differ between two plans of one config")
	}
	var chunks []Chunk
	for c := range a.Chunks() {
		chunks = append(chunks, c)
	}
	if len(chunks) != 2 || a.NumChunks() != 2 {
		t.Fatalf("%d chunks for 1,800 prospects, want 2", len(chunks))
	}
	for i := range chunks {
		if !reflect.DeepEqual(chunks[i], b.Chunk(i)) {
			t.Errorf("chunk %d differs between two plans of one config", i)
		}
	}
	if again := b.Chunk(1); !reflect.DeepEqual(again, chunks[1]) {
		t.Error("chunk 1 read alone differs from chunk 1 read after chunk 0")
	}
	other := mustGenerate(t, testConfig(43, 1.2)).Chunk(0)
	if other.Prospects[0].ID == chunks[0].Prospects[0].ID || other.Prospects[0].Title == chunks[0].Prospects[0].Title && other.Prospects[0].Amount == chunks[0].Prospects[0].Amount {
		t.Error("seed 43 gave the same first prospect as seed 42")
	}
}

// Scale multiplies the counts; the defaults give the documented sizes.
func TestScale(t *testing.T) {
	var n Counts
	p := mustGenerate(t, testConfig(1, 1))
	for c := range p.Chunks() {
		n.AddChunk(c)
	}
	if n.Prospects != 1500 || n.Touchpoints < 36000 || n.Touchpoints > 44000 || n.Won+n.Lost+n.Open != n.Prospects {
		t.Errorf("scale 1: %+v, want 1,500 prospects and about 40,000 touchpoints", n)
	}
	if won := float64(n.Won) / float64(n.Prospects); won < 0.2 || won > 0.3 {
		t.Errorf("scale 1: %.0f%% won, want about a quarter", 100*won)
	}
	small := mustGenerate(t, testConfig(1, 0.1))
	if small.Prospects != 150 || small.NumChunks() != 1 || len(small.Chunk(0).Prospects) != 150 {
		t.Errorf("scale 0.1: %d prospects in %d chunks", small.Prospects, small.NumChunks())
	}
}

// A plan is rows the app could have written itself: scoped to the
// workspace, unique ids, emails and domains, nothing after Now, stage
// history consistent with each prospect, first touches from the earliest
// session, channels by GA4's rules, campaigns linked by key while they run.
func TestPlanInvariants(t *testing.T) {
	w := read(mustGenerate(t, testConfig(7, 1)))
	ws, now := w.plan.Config.WorkspaceID, w.plan.Config.Now
	ids := map[string]bool{}
	unique := func(kind, id string) {
		if !domain.ValidID(id) || ids[id] {
			t.Errorf("%s id %q is not a fresh UUID", kind, id)
		}
		ids[id] = true
	}
	notAfterNow := func(kind string, ts ...time.Time) {
		for _, ts := range ts {
			if ts.After(now) || ts.Before(w.plan.start.AddDate(0, 0, -7)) || ts != ts.Truncate(time.Microsecond) {
				t.Errorf("%s at %v, outside the window ending %v or finer than a microsecond", kind, ts, now)
			}
		}
	}

	hostname := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*\.example$`)
	domains := map[string]bool{}
	for _, a := range w.accounts {
		unique("account", a.ID)
		notAfterNow("account", a.CreatedAt)
		if a.WorkspaceID != ws || a.Domain == nil || !hostname.MatchString(*a.Domain) || domains[*a.Domain] {
			t.Errorf("account %s: workspace %q, domain %v (repeated: %v)", a.Name, a.WorkspaceID, a.Domain, a.Domain != nil && domains[*a.Domain])
		}
		domains[*a.Domain] = true
	}
	emails, noEmail := map[string]bool{}, 0
	for _, c := range w.contacts {
		unique("contact", c.ID)
		notAfterNow("contact", c.CreatedAt)
		if c.Email == nil {
			noEmail++
			continue
		}
		v := &domain.ValidationError{}
		if domain.NormalizeEmail(v, "email", *c.Email) != *c.Email || v.Err() != nil || emails[*c.Email] ||
			!strings.HasSuffix(*c.Email, "@"+*w.accounts[*c.AccountID].Domain) {
			t.Errorf("contact email %q: invalid, repeated or not at its account's domain", *c.Email)
		}
		emails[*c.Email] = true
	}
	if noEmail == 0 || noEmail > len(w.contacts)/10 {
		t.Errorf("%d of %d contacts have no email, want a few", noEmail, len(w.contacts))
	}

	for _, p := range w.prospects {
		unique("prospect", p.ID)
		checkHistory(t, w, p)
	}
	for _, sc := range w.changes {
		for _, c := range sc {
			unique("stage change", c.ID)
		}
	}
	checkFirstTouches(t, w)
	checkTouchpoints(t, w, unique, notAfterNow)
	checkVisitors(t, w)
	checkSpend(t, w)
	for _, a := range w.activities {
		unique("activity", a.ID)
		notAfterNow("activity", a.OccurredAt, a.CreatedAt)
		if (a.Type == crm.ActivityTask) != (a.DueAt != nil && a.DueAt.After(now) && !a.Done) || a.ProspectID == nil || a.OwnerID == nil {
			t.Errorf("activity %s %q: done %v due %v", a.Type, a.Subject, a.Done, a.DueAt)
		}
	}
}

// checkHistory: the first change opens the prospect in the first stage with
// no "from"; each later one leaves the stage the previous entered, later;
// the last is where the prospect is, since StageEnteredAt; status, closed_at
// and lost_reason follow the phases.
func checkHistory(t *testing.T, w *world, p crm.Prospect) {
	t.Helper()
	now := w.plan.Config.Now
	sc := w.changes[p.ID]
	first := sc[0]
	if first.FromStageID != nil || first.ToStageID != w.plan.Config.Stages[0].ID || !first.ChangedAt.Equal(p.CreatedAt) || first.ChangedByKind != crm.ActorRule {
		t.Fatalf("prospect %s opens with %+v", p.Title, first)
	}
	wonAt := time.Time{}
	for i, c := range sc[1:] {
		prev := sc[i]
		if c.FromStageID == nil || *c.FromStageID != prev.ToStageID || !c.ChangedAt.After(prev.ChangedAt) || c.ChangedAt.After(now) ||
			c.ChangedByKind != crm.ActorMember || c.ChangedByID == nil || *c.ChangedByID != *p.OwnerID || c.WorkspaceID != p.WorkspaceID {
			t.Fatalf("prospect %s: change %d %+v does not follow %+v", p.Title, i+1, c, prev)
		}
		if w.stages[c.ToStageID].Phase == crm.PhaseWon {
			wonAt = c.ChangedAt
		}
	}
	last := sc[len(sc)-1]
	phase := w.stages[p.StageID].Phase
	if last.ToStageID != p.StageID || !last.ChangedAt.Equal(p.StageEnteredAt) || !p.UpdatedAt.Equal(last.ChangedAt) || p.Status != phase.Status() {
		t.Fatalf("prospect %s is in %s (%s) since %v; its last change %+v", p.Title, w.stages[p.StageID].Name, p.Status, p.StageEnteredAt, last)
	}
	o := w.outcomes[p.ID]
	switch p.Status {
	case crm.StatusWon:
		if p.ClosedAt == nil || !p.ClosedAt.Equal(wonAt) || !o.Won || !o.DecidedAt.Equal(*p.ClosedAt) || p.LostReason != nil {
			t.Fatalf("won prospect %s: closed %v, won at %v, outcome %+v", p.Title, p.ClosedAt, wonAt, o)
		}
	case crm.StatusLost:
		if p.ClosedAt == nil || !p.ClosedAt.Equal(last.ChangedAt) || p.LostReason == nil || o.Won || !o.Decided || !o.DecidedAt.Equal(*p.ClosedAt) {
			t.Fatalf("lost prospect %s: closed %v, reason %v, outcome %+v", p.Title, p.ClosedAt, p.LostReason, o)
		}
	default:
		if p.ClosedAt != nil || o.Decided {
			t.Fatalf("open prospect %s: closed %v, outcome %+v", p.Title, p.ClosedAt, o)
		}
	}
	if p.Amount <= 0 || p.Currency != "EUR" || p.OwnerID == nil || p.AccountID == nil || len(w.groups[p.ID]) == 0 {
		t.Fatalf("prospect %s: %d %s, owner %v, account %v, %d contacts", p.Title, p.Amount, p.Currency, p.OwnerID, p.AccountID, len(w.groups[p.ID]))
	}
}

// checkFirstTouches: a contact's first touch is its earliest session and a
// prospect's is the earliest of its buying group's.
func checkFirstTouches(t *testing.T, w *world) {
	t.Helper()
	earliest := map[string]tracking.VisitSession{}
	for _, s := range w.sessions {
		if s.ContactID == nil {
			continue
		}
		if e, ok := earliest[*s.ContactID]; !ok || s.StartedAt.Before(e.StartedAt) {
			earliest[*s.ContactID] = s
		}
	}
	same := func(ft crm.FirstTouch, s tracking.VisitSession) bool {
		return ft.OccurredAt != nil && ft.OccurredAt.Equal(s.StartedAt) && *ft.Channel == string(s.Channel) &&
			*ft.DeviceType == string(s.DeviceType) && *ft.Source == s.Source && *ft.LandingPage == s.LandingPage
	}
	for _, c := range w.contacts {
		if !same(c.FirstTouch, earliest[c.ID]) || c.FirstTouch.OccurredAt.After(c.CreatedAt) {
			t.Fatalf("contact %s %s: first touch %v, earliest session %+v, created %v", c.FirstName, c.LastName, *c.FirstTouch.OccurredAt, earliest[c.ID], c.CreatedAt)
		}
	}
	for _, p := range w.prospects {
		var first tracking.VisitSession
		for _, c := range w.groups[p.ID] {
			if s := earliest[c]; first.ID == "" || s.StartedAt.Before(first.StartedAt) {
				first = s
			}
		}
		if !same(p.FirstTouch, first) || *p.FirstTouch.Channel != string(w.outcomes[p.ID].Stratum) {
			t.Fatalf("prospect %s: first touch %s at %v, want %s at %v (stratum %s)", p.Title, *p.FirstTouch.Channel, *p.FirstTouch.OccurredAt, first.Channel, first.StartedAt, w.outcomes[p.ID].Stratum)
		}
	}
}

// checkTouchpoints: channels by GA4's rules, campaigns linked while they
// run, sessions behind session touches, contacts with their accounts.
func checkTouchpoints(t *testing.T, w *world, unique func(string, string), notAfterNow func(string, ...time.Time)) {
	t.Helper()
	types := map[tracking.TouchpointType]int{}
	for _, tp := range w.touchpoints {
		unique("touchpoint", tp.ID)
		notAfterNow("touchpoint", tp.OccurredAt, tp.CreatedAt)
		types[tp.Type]++
		if got := tracking.ChannelOf(tp.Source, tp.Medium, tp.Campaign); got != tp.Channel {
			t.Fatalf("touchpoint %s %s/%s/%s has channel %s; GA4's rules say %s", tp.Type, tp.Source, tp.Medium, tp.Campaign, tp.Channel, got)
		}
		c, linked := marketing.Campaign{}, tp.CampaignID != nil
		if linked {
			c = w.campaignByID[*tp.CampaignID]
		}
		if (tp.Campaign != "") != linked || linked && (c.UTMCampaign != tp.Campaign || marketing.Date(tp.OccurredAt).Before(*c.StartsOn) ||
			c.EndsOn != nil && marketing.Date(tp.OccurredAt).After(*c.EndsOn)) {
			t.Fatalf("touchpoint %s on %v with campaign %q is linked to %+v", tp.Type, tp.OccurredAt, tp.Campaign, c)
		}
		if tp.ContactID != nil && (tp.AccountID == nil || *w.contacts[*tp.ContactID].AccountID != *tp.AccountID) {
			t.Fatalf("touchpoint of contact %s has account %v", *tp.ContactID, tp.AccountID)
		}
		if tp.Type == tracking.TouchSession {
			s, ok := w.sessions[*tp.SessionID]
			if !ok || !s.StartedAt.Equal(tp.OccurredAt) || s.AnonymousID != tp.AnonymousID || s.Channel != tp.Channel || s.PageViews < 1 || s.LastAt.Before(s.StartedAt) || s.LastAt.After(w.plan.Config.Now) {
				t.Fatalf("session touchpoint %+v has session %+v", tp, s)
			}
		}
	}
	if len(w.sessions) != types[tracking.TouchSession] {
		t.Errorf("%d sessions for %d session touchpoints", len(w.sessions), types[tracking.TouchSession])
	}
	for _, typ := range []tracking.TouchpointType{
		tracking.TouchSession, tracking.TouchAdImpression, tracking.TouchSocialLike, tracking.TouchSocialShare,
		tracking.TouchArticleRead, tracking.TouchArticleShare, tracking.TouchEmailClick, tracking.TouchWebinar,
	} {
		if types[typ] == 0 {
			t.Errorf("no %s touchpoints", typ)
		}
	}
}

// checkSpend: weekly, within the campaign's dates and up to today, never
// overlapping, in euro cents.
func checkSpend(t *testing.T, w *world) {
	t.Helper()
	byCampaign := map[string][]marketing.Spend{}
	for _, s := range w.plan.Spend {
		c := w.campaignByID[s.CampaignID]
		if _, overlap := marketing.FirstOverlap(byCampaign[c.ID], s.Period()); overlap || s.PeriodStart.Before(*c.StartsOn) ||
			c.EndsOn != nil && s.PeriodEnd.After(*c.EndsOn) || s.PeriodEnd.After(w.plan.Config.Now) || s.PeriodEnd.Sub(s.PeriodStart) > 6*day ||
			s.Amount <= 0 || s.Currency != "EUR" {
			t.Fatalf("spend %+v of campaign %s", s, c.Name)
		}
		byCampaign[c.ID] = append(byCampaign[c.ID], s)
	}
	if len(byCampaign) != len(w.plan.Campaigns) {
		t.Errorf("%d of %d campaigns have spend", len(byCampaign), len(w.plan.Campaigns))
	}
}

// checkVisitors: one visitor per anonymous id, holding the state the
// processor would have left after its sessions.
func checkVisitors(t *testing.T, w *world) {
	t.Helper()
	sessions := map[string][]tracking.VisitSession{}
	for _, s := range w.sessions {
		sessions[s.AnonymousID] = append(sessions[s.AnonymousID], s)
	}
	if len(w.visitors) != len(sessions) {
		t.Errorf("%d visitors for %d anonymous ids with sessions", len(w.visitors), len(sessions))
	}
	for _, v := range w.visitors {
		ss := sessions[v.AnonymousID]
		var first, last tracking.VisitSession
		for _, s := range ss {
			if s.Number == 1 {
				first = s
			}
			if s.Number == len(ss) {
				last = s
			}
		}
		if v.Session.Number != len(ss) || v.SessionID == nil || *v.SessionID != last.ID || !v.FirstSeenAt.Equal(first.StartedAt) ||
			!v.Session.StartedAt.Equal(last.StartedAt) || (v.ContactID == nil) != (last.ContactID == nil) {
			t.Fatalf("visitor %+v after sessions %+v … %+v", v, first, last)
		}
	}
}
