package reports

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/crm"
)

func onDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

func fieldOf(err error) string {
	var v *domain.ValidationError
	if !errors.As(err, &v) || len(v.Fields) == 0 {
		return ""
	}
	return v.Fields[0].Field
}

func TestNewPeriod(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		name     string
		from, to *time.Time
		want     Period
		field    string
	}{
		{"the last 90 days, today included", nil, nil, Period{onDay("2026-08-26"), onDay("2026-11-24")}, ""},
		{"from and to both included", ptr(onDay("2026-06-01")), ptr(onDay("2026-06-30")), Period{onDay("2026-06-01"), onDay("2026-07-01")}, ""},
		{"one day", ptr(onDay("2026-06-01")), ptr(onDay("2026-06-01")), Period{onDay("2026-06-01"), onDay("2026-06-02")}, ""},
		{"from after to", ptr(onDay("2026-07-01")), ptr(onDay("2026-06-01")), Period{}, "from"},
		{"longer than three years", ptr(onDay("2020-01-01")), ptr(onDay("2026-01-01")), Period{}, "from"},
		{"before 1970", ptr(onDay("1969-12-01")), ptr(onDay("1970-01-10")), Period{}, "from"},
	} {
		p, err := NewPeriod(c.from, c.to, now)
		if fieldOf(err) != c.field || (c.field == "" && p != c.want) {
			t.Errorf("%s: %v, %v; want %v, field %q", c.name, p, err, c.want, c.field)
		}
	}
}

func TestMonday(t *testing.T) {
	for in, want := range map[string]string{"2026-06-01": "2026-06-01", "2026-06-03": "2026-06-01", "2026-06-07": "2026-06-01", "2026-06-08": "2026-06-08"} {
		if got := Monday(onDay(in).Add(13 * time.Hour)); !got.Equal(onDay(want)) {
			t.Errorf("Monday(%s) = %s, want %s", in, got.Format(time.DateOnly), want)
		}
	}
}

// Spend counts by the days a period shares with the report.
func TestProrate(t *testing.T) {
	june := Period{onDay("2026-06-01"), onDay("2026-07-01")}
	for _, c := range []struct {
		start, end string
		amount     int64
		want       int64
	}{
		{"2026-06-01", "2026-06-30", 3000, 3000}, // inside
		{"2026-05-17", "2026-06-15", 3000, 1500}, // 15 of 30 days in June
		{"2026-06-30", "2026-07-01", 1000, 500},  // one of two days
		{"2026-07-01", "2026-07-31", 3000, 0},    // after
		{"2026-05-01", "2026-08-01", 9300, 3000}, // 30 of 93 days
	} {
		if got := prorate(SpendPeriod{Start: onDay(c.start), End: onDay(c.end), Amount: c.amount}, june); got != c.want {
			t.Errorf("%s..%s: %d, want %d", c.start, c.end, got, c.want)
		}
	}
}

// namedPipeline is the pipeline of stages whose ids are their names.
func namedPipeline(stages []crm.Stage) Pipeline {
	for i := range stages {
		stages[i].ID = stages[i].Name
	}
	return NewPipeline(stages)
}

// The cohort's sets of entered stages become prospects per segment, the
// main line reached up to each set's furthest stage, and exits (stage and
// phase) only where entered; a set with two lost stages counts once for
// the lost phase.
func TestCohortFunnel(t *testing.T) {
	pl := namedPipeline(append(crm.DefaultStages(), crm.Stage{Name: "Lost to price", Phase: crm.PhaseLost, Position: 99}))
	prospects, stages, phases := cohort([]Count{
		{"Email", "Lead,Won", 2},
		{"Email", "", 4},
		{"Email", "Discovery,Lead,Lost,Lost to price", 3},
		{"Display", "Lead", 5},
	}, pl)
	slices.SortFunc(prospects, func(a, b Count) int { return strings.Compare(a.Segment, b.Segment) })
	if fmt.Sprint(prospects) != "[{Display  5} {Email  9}]" {
		t.Errorf("prospects = %v", prospects)
	}
	want := map[string]int64{"Lead": 5, "Qualified": 5, "Discovery": 5, "Proposal": 2, "Won": 2, "Lost": 3, "Lost to price": 3}
	for name, n := range want {
		if stages["Email"][name] != n {
			t.Errorf("Email: %s reached %d, want %d", name, stages["Email"][name], n)
		}
	}
	if fmt.Sprint(phases["Email"]) != "map[lead:5 lost:3 opportunity:5 qualified:5 won:2]" {
		t.Errorf("Email phases = %v", phases["Email"])
	}
	if fmt.Sprint(stages["Display"]) != "map[Lead:5]" {
		t.Errorf("Display stages = %v", stages["Display"])
	}
}

// A cohort prospect reached every main-line stage up to the furthest it
// entered; a phase counts once however many of its stages were passed.
func TestCumulativeFunnel(t *testing.T) {
	pl := namedPipeline(crm.DefaultStages())
	// Ranks: Lead 1, Engaged 2, Qualified 3, Discovery 4, Proposal 5, Negotiation 6, Won 7.
	stages, phases := cumulative([]Count{{"all", "7", 2}, {"all", "1", 5}, {"all", "4", 1}, {"all", "0", 9}}, pl)
	want := map[string]int64{"Lead": 8, "Engaged": 3, "Qualified": 3, "Discovery": 3, "Proposal": 2, "Won": 2, "Customer": 0}
	for name, n := range want {
		if stages["all"][name] != n {
			t.Errorf("%s reached %d, want %d", name, stages["all"][name], n)
		}
	}
	if fmt.Sprint(phases["all"]) != "map[lead:8 opportunity:3 qualified:3 won:2]" {
		t.Errorf("phases = %v", phases["all"])
	}
	steps := conversions([]FunnelStep{{Reached: 8}, {Reached: 4}, {Reached: 0}, {Reached: 0}})
	if steps[0].FromPrevious != nil || *steps[1].FromPrevious != 0.5 || *steps[2].FromStart != 0 || steps[3].FromPrevious != nil {
		t.Errorf("conversions: %+v", steps)
	}
}

func TestGroupKey(t *testing.T) {
	for _, c := range []struct {
		by                                     GroupBy
		typ, channel, source, medium, campaign string
		want                                   string
	}{
		{GroupChannel, "session", "Paid Search", "google", "cpc", "spring", "Paid Search"},
		{GroupChannel, "call", "", "", "", "", "Unassigned"},
		{GroupCampaign, "session", "Email", "", "", "", "(none)"},
		{GroupSourceMed, "session", "Direct", "", "", "", "(direct) / (none)"},
		{GroupSourceMed, "session", "Referral", "news.example", "", "", "news.example / (none)"},
		{GroupTouchType, "ad_impression", "Display", "", "", "", "ad_impression"},
	} {
		if got := GroupKey(c.by, c.typ, c.channel, c.source, c.medium, c.campaign); got != c.want {
			t.Errorf("%s: %q, want %q", c.by, got, c.want)
		}
	}
}

func TestNewLiftQuery(t *testing.T) {
	p := Period{onDay("2026-06-01"), onDay("2026-07-01")}
	for _, c := range []struct {
		typ, campaign, outcome, stratify string
		field                            string
	}{
		{"ad_impression", "", "", "", ""},
		{"", "01900000-0000-7000-8000-000000000001", "opportunity", "device_type", ""},
		{"", "", "won", "", "exposure_type"},
		{"ad_impression", "01900000-0000-7000-8000-000000000001", "", "", "exposure_type"},
		{"telepathy", "", "", "", "exposure_type"},
		{"", "nope", "", "", "exposure_campaign_id"},
		{"ad_impression", "", "lead", "", "outcome"},
		{"ad_impression", "", "", "zodiac", "stratify_by"},
	} {
		q, err := NewLiftQuery(p, c.typ, c.campaign, c.outcome, c.stratify)
		if fieldOf(err) != c.field {
			t.Errorf("%+v: %v, want field %q", c, err, c.field)
		}
		if err == nil && c.outcome == "" && q.Outcome != crm.PhaseWon {
			t.Errorf("default outcome = %s", q.Outcome)
		}
	}
}

// Reaching a main-line phase means reaching it or any later one; an exit is
// only itself.
func TestOutcomeStages(t *testing.T) {
	stages := crm.DefaultStages()
	for i := range stages {
		stages[i].ID = stages[i].Name
	}
	for phase, want := range map[crm.Phase]string{
		crm.PhaseWon:         "[Won Customer Renewal due Renewed]",
		crm.PhaseOpportunity: "[Discovery Proposal Negotiation Won Customer Renewal due Renewed]",
		crm.PhaseLost:        "[Lost]",
	} {
		if got := fmt.Sprint(outcomeStages(stages, phase)); got != want {
			t.Errorf("%s: %s, want %s", phase, got, want)
		}
	}
}

// The drill-down's roles: first, last, and the last touch at or before each
// milestone.
func TestRoles(t *testing.T) {
	j := analytics.Journey{
		Touches: []analytics.Touch{{At: onDay("2026-05-20")}, {At: onDay("2026-06-03")}, {At: onDay("2026-06-08")}, {At: onDay("2026-06-18")}},
		LeadAt:  onDay("2026-06-01"), OpportunityAt: onDay("2026-06-10"), WonAt: onDay("2026-06-20"),
	}
	if got := fmt.Sprint(roles(j)); got != "[[first lead] [] [opportunity] [last won]]" {
		t.Errorf("roles = %s", got)
	}
	j.LeadAt = onDay("2026-05-01") // before any touch: no lead role
	if got := fmt.Sprint(roles(j)); got != "[[first] [] [opportunity] [last won]]" {
		t.Errorf("roles without a lead touch = %s", got)
	}
}

func TestNewAttributionQuery(t *testing.T) {
	p := Period{onDay("2026-06-01"), onDay("2026-07-01")}
	q, err := NewAttributionQuery(AttributionInput{Period: p})
	if err != nil || q.Model != analytics.Linear || q.Journeys.Conversion != ConvertWon || q.Journeys.GroupBy != GroupChannel || q.Journeys.LookbackDays != 90 {
		t.Errorf("defaults: %+v, %v", q, err)
	}
	_, err = NewAttributionQuery(AttributionInput{Period: p, Model: "astrology", Conversion: "signup", LookbackDays: ptr(0), HalfLifeDays: ptr(-1.0)})
	var v *domain.ValidationError
	if !errors.As(err, &v) || len(v.Fields) != 4 {
		t.Errorf("every bad filter is named at once: %v", err)
	}
}
