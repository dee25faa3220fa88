package demo

import (
	"iter"
	"math/rand/v2"
	"time"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Plan is a generated demo: the campaigns and their spend, and the rest in
// chunks made on demand, so a plan of any scale takes little memory until
// its chunks are read.
type Plan struct {
	Config    Config // as normalised: defaults filled
	Campaigns []marketing.Campaign
	Spend     []marketing.Spend
	Prospects int // across all chunks

	start     time.Time
	pipeline  pipeline
	byKey     map[string]*campaign
	webinars  []time.Time
	mailshots []time.Time
}

// Chunk is a slice of the population: its prospects with their accounts,
// buying groups, stage history, activities, visits and touches, plus
// accounts and visitors that never became prospects. Rows refer only to rows
// of the same chunk or to the plan's campaigns, so a chunk can be written in
// one transaction.
type Chunk struct {
	Index            int
	Accounts         []crm.Account
	Contacts         []crm.Contact
	Prospects        []crm.Prospect
	ProspectContacts []crm.ProspectContact
	StageChanges     []crm.StageChange
	Activities       []crm.Activity
	Visitors         []tracking.Visitor
	Sessions         []tracking.VisitSession
	Touchpoints      []marketing.Touchpoint
	Outcomes         []Outcome // one per prospect, in the same order
}

// Outcome is what the model decided for one prospect: the truth a lift
// report's counts can be compared with, prospect by prospect.
type Outcome struct {
	ProspectID string
	Stratum    tracking.Channel // its first-touch channel
	Exposed    bool             // a contact saw a Display ad_impression before DecidedAt (before Now while open)
	Decided    bool
	Won        bool
	DecidedAt  time.Time // closed_at; zero while open
}

// Generate plans a demo. It reads no clock and no database: the same Config
// gives the same plan, ids included.
func Generate(cfg Config) (Plan, error) {
	cfg, err := cfg.normalise()
	if err != nil {
		return Plan{}, err
	}
	pl, err := newPipeline(cfg.Stages)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{Config: cfg, Prospects: cfg.prospects(), start: cfg.Now.AddDate(0, -cfg.Months, 0), pipeline: pl}
	r := rand.New(rand.NewPCG(cfg.Seed, 0))
	cs := p.campaigns(r)
	p.byKey = make(map[string]*campaign, len(cs))
	for _, c := range cs {
		p.Campaigns = append(p.Campaigns, c.Campaign)
		p.byKey[c.UTMCampaign] = c
	}
	p.Spend = p.weeklySpend(r, cs)
	p.webinars, p.mailshots = p.schedule()
	return p, nil
}

// NumChunks is how many chunks Chunks yields.
func (p Plan) NumChunks() int { return (p.Prospects + chunkProspects - 1) / chunkProspects }

// Chunks yields the chunks in order. Each is generated from its own stream of
// the seed, so chunk i is the same however the others are read.
func (p Plan) Chunks() iter.Seq[Chunk] {
	return func(yield func(Chunk) bool) {
		for i := range p.NumChunks() {
			if !yield(p.Chunk(i)) {
				return
			}
		}
	}
}

// Chunk generates chunk i: the journeys that began in its slice of the
// window (chunk 0 the earliest), with the accounts and visitors that came
// then. Writing time-ordered rows a slice at a time touches each
// time-ordered index in one place instead of all over.
func (p Plan) Chunk(i int) Chunk {
	n := min(chunkProspects, p.Prospects-i*chunkProspects)
	b := &builder{
		p: &p, r: rand.New(rand.NewPCG(p.Config.Seed, uint64(i)+1)), c: &Chunk{Index: i},
		lo: float64(i*chunkProspects) / float64(p.Prospects), hi: float64(i*chunkProspects+n) / float64(p.Prospects),
	}
	idle := int(float64(n)*idleAccountsPerProspect + 0.5)
	// Account numbers are unique across chunks, so names and domains are.
	firstAccount := i * chunkProspects * 2
	for j := range n {
		b.prospect(firstAccount + j)
	}
	for j := range idle {
		b.idleAccount(firstAccount + n + j)
	}
	for range int(float64(n)*anonymousPerProspect + 0.5) {
		b.anonymousVisitor()
	}
	return *b.c
}

// at is the instant a fraction f of the way through the window.
func (p Plan) at(f float64) time.Time {
	return p.start.Add(time.Duration(f * float64(p.Config.Now.Sub(p.start))))
}

// schedule is when the webinars ran (every four weeks, Thursdays 16:00 UTC)
// and the newsletter went out (first Tuesday of the month, 08:00 UTC).
func (p Plan) schedule() (webinars, mailshots []time.Time) {
	d := time.Date(p.start.Year(), p.start.Month(), p.start.Day(), 16, 0, 0, 0, time.UTC).AddDate(0, 0, 10)
	for d.Weekday() != time.Thursday {
		d = d.AddDate(0, 0, 1)
	}
	for ; d.Before(p.Config.Now); d = d.AddDate(0, 0, 28) {
		webinars = append(webinars, d)
	}
	for m := time.Date(p.start.Year(), p.start.Month(), 1, 8, 0, 0, 0, time.UTC); m.Before(p.Config.Now); m = m.AddDate(0, 1, 0) {
		d := m
		for d.Weekday() != time.Tuesday {
			d = d.AddDate(0, 0, 1)
		}
		if !d.Before(p.start) && d.Before(p.Config.Now) {
			mailshots = append(mailshots, d)
		}
	}
	return webinars, mailshots
}

// builder generates one chunk from one random stream.
type builder struct {
	p      *Plan
	r      *rand.Rand
	c      *Chunk
	lo, hi float64 // the chunk's slice of the first-visit distribution
}
