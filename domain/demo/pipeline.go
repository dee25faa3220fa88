package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/onefunnel/onefunnel/domain/crm"
)

// pipeline is the workspace's stages grouped by phase, in board order.
type pipeline struct {
	lead, qualified, opportunity []crm.Stage
	won, lost                    crm.Stage
	customer                     *crm.Stage // optional: where some won prospects go next
}

// newPipeline needs at least one stage of each phase a prospect passes on
// its way to won or lost; the default pipeline has them all.
func newPipeline(stages []crm.Stage) (pipeline, error) {
	var pl pipeline
	var won, lost []crm.Stage
	for _, s := range stages {
		switch s.Phase {
		case crm.PhaseLead:
			pl.lead = append(pl.lead, s)
		case crm.PhaseQualified:
			pl.qualified = append(pl.qualified, s)
		case crm.PhaseOpportunity:
			pl.opportunity = append(pl.opportunity, s)
		case crm.PhaseWon:
			won = append(won, s)
		case crm.PhaseLost:
			lost = append(lost, s)
		case crm.PhaseCustomer:
			if pl.customer == nil {
				pl.customer = &s
			}
		}
	}
	if len(pl.lead) == 0 || len(pl.qualified) == 0 || len(pl.opportunity) == 0 || len(won) == 0 || len(lost) == 0 {
		return pl, fmt.Errorf("demo: the pipeline needs lead, qualified, opportunity, won and lost stages; it has %d stages", len(stages))
	}
	// A prospect opens in the first stage of the board, as tracking opens it.
	if stages[0].Phase != crm.PhaseLead {
		return pl, fmt.Errorf("demo: the first stage %q is not a lead stage", stages[0].Name)
	}
	pl.won, pl.lost = won[0], lost[0]
	return pl, nil
}

// path is the stages a prospect moves into after the first lead stage,
// ending in won or lost: optional extra lead and opportunity stages are
// skipped now and then, and a lost prospect drops out part way, more often
// early than late.
func (pl pipeline) path(r *rand.Rand, won bool) []crm.Stage {
	var full []crm.Stage
	for _, s := range pl.lead[1:] {
		if r.Float64() < 0.5 {
			full = append(full, s)
		}
	}
	full = append(full, pl.qualified...)
	full = append(full, pl.opportunity[0])
	for _, s := range pl.opportunity[1:] {
		if r.Float64() < 0.7 {
			full = append(full, s)
		}
	}
	if won {
		return append(full, pl.won)
	}
	reached := int(float64(len(full)+1) * math.Pow(r.Float64(), 1.5))
	return append(full[:reached:reached], pl.lost)
}
