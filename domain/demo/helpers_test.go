package demo

import (
	"fmt"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// testNow is a fixed clock: plans in tests are reproducible.
var testNow = time.Date(2026, 11, 20, 15, 4, 5, 123456000, time.UTC)

// testConfig targets a made-up workspace with the default pipeline.
func testConfig(seed uint64, scale float64) Config {
	stages := crm.DefaultStages()
	for i := range stages {
		stages[i].WorkspaceID, stages[i].ID = "ws", fmt.Sprintf("00000000-0000-7000-8000-0000000000%02d", i)
	}
	return Config{
		Seed: seed, Now: testNow, Scale: scale, WorkspaceID: "01930000-0000-7000-8000-000000000001", Stages: stages,
		Owners: []string{"01930000-0000-7000-8000-0000000000a1", "01930000-0000-7000-8000-0000000000a2"},
	}
}

func mustGenerate(t testing.TB, cfg Config) Plan {
	t.Helper()
	p, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// world is a whole plan read into memory and indexed, as a report would see
// the rows once written.
type world struct {
	plan         Plan
	stages       map[string]crm.Stage
	accounts     map[string]crm.Account
	contacts     map[string]crm.Contact
	prospects    []crm.Prospect
	groups       map[string][]string // prospect → contacts
	changes      map[string][]crm.StageChange
	sessions     map[string]tracking.VisitSession
	touchpoints  []marketing.Touchpoint
	byContact    map[string][]marketing.Touchpoint
	activities   []crm.Activity
	visitors     []tracking.Visitor
	outcomes     map[string]Outcome
	campaignByID map[string]marketing.Campaign
}

// read indexes the whole plan.
func read(p Plan) *world {
	w := newWorld(p)
	for c := range p.Chunks() {
		w.add(c)
	}
	return w
}

func newWorld(p Plan) *world {
	w := &world{
		plan: p, stages: map[string]crm.Stage{}, accounts: map[string]crm.Account{}, contacts: map[string]crm.Contact{},
		groups: map[string][]string{}, changes: map[string][]crm.StageChange{}, sessions: map[string]tracking.VisitSession{},
		byContact: map[string][]marketing.Touchpoint{}, outcomes: map[string]Outcome{}, campaignByID: map[string]marketing.Campaign{},
	}
	for _, s := range p.Config.Stages {
		w.stages[s.ID] = s
	}
	for _, c := range p.Campaigns {
		w.campaignByID[c.ID] = c
	}
	return w
}

// add indexes a chunk; a world of one chunk is complete for its prospects,
// whose rows never leave their chunk.
func (w *world) add(c Chunk) {
	for _, a := range c.Accounts {
		w.accounts[a.ID] = a
	}
	for _, x := range c.Contacts {
		w.contacts[x.ID] = x
	}
	w.prospects = append(w.prospects, c.Prospects...)
	for _, l := range c.ProspectContacts {
		w.groups[l.ProspectID] = append(w.groups[l.ProspectID], l.ContactID)
	}
	for _, sc := range c.StageChanges {
		w.changes[sc.ProspectID] = append(w.changes[sc.ProspectID], sc)
	}
	for _, s := range c.Sessions {
		w.sessions[s.ID] = s
	}
	w.touchpoints = append(w.touchpoints, c.Touchpoints...)
	for _, t := range c.Touchpoints {
		if t.ContactID != nil {
			w.byContact[*t.ContactID] = append(w.byContact[*t.ContactID], t)
		}
	}
	w.activities = append(w.activities, c.Activities...)
	w.visitors = append(w.visitors, c.Visitors...)
	for _, o := range c.Outcomes {
		w.outcomes[o.ProspectID] = o
	}
}

// exposedBefore reports whether one of the prospect's contacts saw a Display
// ad impression before cut — how a report should define exposure.
func (w *world) exposedBefore(prospectID string, cut time.Time) bool {
	for _, c := range w.groups[prospectID] {
		for _, t := range w.byContact[c] {
			if t.Type == tracking.TouchAdImpression && t.Channel == tracking.ChannelDisplay && t.OccurredAt.Before(cut) {
				return true
			}
		}
	}
	return false
}
