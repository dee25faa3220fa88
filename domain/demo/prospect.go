package demo

import (
	"fmt"
	"math"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// afterDecision is how long a buying group keeps visiting and engaging after
// the decision. It is the same for won and lost prospects, so no touch but
// the model's impressions says anything about the outcome.
const afterDecision = 30 * day

var products = []struct {
	name     string
	min, max float64 // euros
	weight   float64
}{
	{"Starter plan", 2000, 6000, 0.35}, {"Growth plan", 8000, 25000, 0.40},
	{"Enterprise licence", 30000, 150000, 0.15}, {"Pilot", 1000, 3000, 0.10},
}

var lostReasons = []string{"Price", "Chose a competitor", "No budget", "No decision", "Timing", "Not a fit"}

// prospect generates one buying journey, following the model of Truth step
// by step, and its account, buying group, visits, touches and history.
func (b *builder) prospect(accountN int) {
	r, cfg := b.r, b.p.Config
	strata := cfg.Truth.Strata
	s := strata[pick(r, len(strata), func(i int) float64 { return strata[i].Share })]
	firstTouch := b.firstVisit()
	created := firstTouch.Add(min(lag(r), cfg.Now.Sub(firstTouch)/2)).Truncate(time.Microsecond)
	decidedAt := created.Add(cycle(r))
	decided := !decidedAt.After(cfg.Now)
	exposed := r.Float64() < s.Exposure
	won := r.Float64() < cfg.Truth.WinChance(s, exposed)

	acc := b.account(accountN, created)
	b.c.Accounts = append(b.c.Accounts, acc)
	end := domain.Earliest(cfg.Now, decidedAt.Add(afterDecision))
	group := b.buyingGroup(&acc, s.Channel, firstTouch, created, domain.Earliest(decidedAt, cfg.Now), end)

	pr := b.openProspect(acc, group[0], cfg.Owners[r.IntN(len(cfg.Owners))], created, decidedAt)
	for _, who := range group {
		b.c.ProspectContacts = append(b.c.ProspectContacts, crm.ProspectContact{
			WorkspaceID: cfg.WorkspaceID, ProspectID: pr.ID, ContactID: *who.contactID, Role: who.role, CreatedAt: domain.Latest(created, who.created),
		})
	}
	b.journey(&pr, won, decidedAt, group[0])
	b.c.Prospects = append(b.c.Prospects, pr)

	cut := cfg.Now
	if decided {
		cut = decidedAt
	}
	switch {
	case exposed:
		b.impressions(group, firstTouch, cut.Add(-time.Hour), 1+r.IntN(4))
	case decided && r.Float64() < cfg.Truth.AfterOutcome && decidedAt.Add(2*time.Hour).Before(cfg.Now):
		b.impressions(group, decidedAt.Add(time.Hour), cfg.Now, 1+r.IntN(3))
	}
	o := Outcome{ProspectID: pr.ID, Stratum: s.Channel, Exposed: exposed, Decided: decided}
	if decided {
		o.Won, o.DecidedAt = won, decidedAt
	}
	b.c.Outcomes = append(b.c.Outcomes, o)
}

// buyingGroup is one to four contacts. The first (the champion) arrived by
// the stratum's channel at the prospect's first touch; the others came later,
// by any channel, before the decision.
func (b *builder) buyingGroup(acc *crm.Account, ch tracking.Channel, firstTouch, created, until, end time.Time) []identity {
	r := b.r
	sizes := [...]float64{0.35, 0.35, 0.2, 0.1}
	group := make([]identity, 1+pick(r, len(sizes), func(i int) float64 { return sizes[i] }))
	taken := map[string]bool{}
	group[0] = b.contact(acc, firstTouch, created, end, ch, true, taken, 3+r.IntN(9))
	for j := 1; j < len(group); j++ {
		first := between(r, firstTouch.Add(time.Hour), until)
		group[j] = b.contact(acc, first, domain.Earliest(first.Add(lag(r)), end), end, returnChannel(r), false, taken, 1+r.IntN(6))
	}
	return group
}

// openProspect is the card as tracking opens it: in the first stage, with the
// champion's first touch, which is the group's earliest.
func (b *builder) openProspect(acc crm.Account, champion identity, owner string, created, decidedAt time.Time) crm.Prospect {
	r := b.r
	prod := products[pick(r, len(products), func(i int) float64 { return products[i].weight })]
	euros := prod.min * math.Pow(prod.max/prod.min, r.Float64())
	closeOn := marketing.Date(decidedAt.Add(time.Duration(r.NormFloat64() * float64(7*day))))
	first := b.p.pipeline.lead[0]
	pr := crm.Prospect{
		WorkspaceID: b.p.Config.WorkspaceID, ID: newID(r, created), Title: acc.Name + " — " + prod.name,
		AccountID: &acc.ID, OwnerID: &owner, StageID: first.ID, Phase: first.Phase,
		Amount: int64(math.Round(euros/100)) * 100 * 100, Currency: currency, ExpectedCloseDate: &closeOn,
		Status: crm.StatusOpen, StageEnteredAt: created, FirstTouch: champion.firstTouch, CreatedAt: created, UpdatedAt: created,
	}
	pr.Milestones.Enter(first, created)
	return pr
}

// journey records the prospect's stage changes: opened by the tracking rule,
// then moved by its owner along its path, the last move at the decision.
// Moves after Now have not happened: such a prospect is still open, in the
// stage it had reached. crm.Move keeps status, closed_at, lost_reason and
// stage_entered_at in step with the moves, as it does for the API.
func (b *builder) journey(pr *crm.Prospect, won bool, decidedAt time.Time, champion identity) {
	r, now := b.r, b.p.Config.Now
	b.c.StageChanges = append(b.c.StageChanges, crm.StageChange{
		WorkspaceID: pr.WorkspaceID, ID: newID(r, pr.CreatedAt), ProspectID: pr.ID, ToStageID: pr.StageID,
		ChangedAt: pr.CreatedAt, ChangedByKind: crm.ActorRule,
	})
	path := b.p.pipeline.path(r, won)
	times := make([]time.Time, len(path))
	for j := range times {
		times[j] = between(r, pr.CreatedAt, decidedAt)
	}
	sortTimes(times)
	times[len(times)-1] = decidedAt
	by := crm.Actor{Kind: crm.ActorMember, ID: *pr.OwnerID}
	reason := lostReasons[r.IntN(len(lostReasons))]
	for j, st := range path {
		if times[j].After(now) {
			break
		}
		b.move(pr, st, by, times[j], reason)
		b.logMove(pr, st, times[j], champion)
	}
	if c := b.p.pipeline.customer; pr.Status == crm.StatusWon && c != nil && r.Float64() < 0.5 {
		if at := decidedAt.Add(7*day + days(38*r.Float64())); !at.After(now) {
			b.move(pr, *c, by, at, "")
		}
	}
	if pr.Status == crm.StatusOpen && r.Float64() < 0.5 {
		b.followUp(pr, champion)
	}
}

func (b *builder) move(pr *crm.Prospect, to crm.Stage, by crm.Actor, at time.Time, lostReason string) {
	sc, err := crm.Move(pr, to, by, at, lostReason)
	if err != nil {
		// A path never repeats a stage, so this is a bug in path.
		panic(fmt.Sprintf("demo: move to %s: %v", to.Name, err))
	}
	sc.ID = newID(b.r, at)
	b.c.StageChanges = append(b.c.StageChanges, sc)
}
