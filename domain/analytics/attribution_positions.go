package analytics

import "time"

// positionRule is a position model: the share each role earns, and the share
// spread over the touches that hold no role. A zero share means the model has
// no such role. Shares add up to 1.
type positionRule struct {
	first, lead, opportunity, won, last, spread float64
}

// positionRuleOf is the role table of docs/attribution.md.
func positionRuleOf(m Model) positionRule {
	switch m {
	case UShaped:
		return positionRule{first: .4, lead: .4, spread: .2}
	case WShaped:
		return positionRule{first: .3, lead: .3, opportunity: .3, spread: .1}
	case FullPath:
		return positionRule{first: .225, lead: .225, opportunity: .225, won: .225, spread: .1}
	case JShaped:
		return positionRule{first: .2, last: .6, spread: .2}
	case InverseJ:
		return positionRule{first: .6, last: .2, spread: .2}
	}
	panic("analytics: no position rule for " + string(m))
}

// role is a share and the index of the touch that holds it; at < 0 when the
// journey has no touch for the role.
type role struct {
	share float64
	at    int
}

// positionWeights shares a journey out by role:
//   - roles that land on the same touch add up on it;
//   - an absent role's share goes to the present roles in proportion to theirs;
//   - the spread share goes equally to the touches that hold no role, or, when
//     every touch holds one, to the roles in proportion to their shares.
//
// So the weights always sum to 1, and one touch takes everything.
func positionWeights(w []float64, r positionRule, j Journey) {
	t := j.Touches
	roles := [...]role{
		{r.first, 0},
		milestoneRole(r.lead, t, j.LeadAt),
		milestoneRole(r.opportunity, t, j.OpportunityAt),
		milestoneRole(r.won, t, j.WonAt),
		{r.last, len(t) - 1},
	}
	present := 0.0
	for _, x := range roles {
		if x.share > 0 && x.at >= 0 {
			present += x.share
			w[x.at] += x.share
		}
	}
	free := 0
	for _, v := range w {
		if v == 0 {
			free++
		}
	}
	roleTotal := 1.0
	if free > 0 {
		roleTotal -= r.spread
	}
	scale := roleTotal / present
	for i, v := range w {
		if v == 0 {
			w[i] = r.spread / float64(free)
		} else {
			w[i] = v * scale
		}
	}
}

// milestoneRole finds the creation touch of a milestone: the last touch at or
// before it. A milestone not reached (zero time), or reached before the first
// touch, leaves the role absent.
func milestoneRole(share float64, touches []Touch, milestone time.Time) role {
	if share == 0 || milestone.IsZero() {
		return role{share, -1}
	}
	for i := len(touches) - 1; i >= 0; i-- {
		if !touches[i].At.After(milestone) {
			return role{share, i}
		}
	}
	return role{share, -1}
}
