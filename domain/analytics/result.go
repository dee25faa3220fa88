package analytics

import (
	"cmp"
	"slices"
	"strings"
)

// GroupCredit is what one group earned.
type GroupCredit struct {
	Key         string
	Conversions float64
	Revenue     float64 // minor units; round with RoundMinor to show
	// RemovalEffect is markov's share of conversions lost when the group is
	// removed from the chain, in [0, 1]; 0 under the other models.
	RemovalEffect float64
}

// Result is a model's answer for a population of journeys.
//
// Conversions and Revenue count every converted journey. Those with no touches
// cannot be credited to any group and are counted as unattributed instead, so
// the groups' credit plus the unattributed part equals the totals.
type Result struct {
	Model                   Model
	Groups                  []GroupCredit // by Conversions, highest first, then by Key
	Conversions, Revenue    float64
	UnattributedConversions float64
	UnattributedRevenue     float64
}

// Group returns the credit of the group with key, if the model saw it.
func (r Result) Group(key string) (GroupCredit, bool) {
	for _, g := range r.Groups {
		if g.Key == key {
			return g, true
		}
	}
	return GroupCredit{}, false
}

// tally counts what every model reports alike: the totals and the unattributed part.
type tally struct {
	conversions, revenue                         float64
	unattributedConversions, unattributedRevenue float64
}

// add counts j and reports whether it is a converted journey with touches, the
// only kind whose conversion a model can credit.
func (t *tally) add(j Journey) bool {
	if !j.Converted {
		return false
	}
	t.conversions++
	t.revenue += j.Revenue
	if len(j.Touches) == 0 {
		t.unattributedConversions++
		t.unattributedRevenue += j.Revenue
		return false
	}
	return true
}

// attributed is what the groups share between them.
func (t tally) attributed() (conversions, revenue float64) {
	return t.conversions - t.unattributedConversions, t.revenue - t.unattributedRevenue
}

func (t tally) result(m Model, groups []GroupCredit) Result {
	slices.SortFunc(groups, func(a, b GroupCredit) int {
		if c := cmp.Compare(b.Conversions, a.Conversions); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	return Result{
		Model:                   m,
		Groups:                  groups,
		Conversions:             t.conversions,
		Revenue:                 t.revenue,
		UnattributedConversions: t.unattributedConversions,
		UnattributedRevenue:     t.unattributedRevenue,
	}
}
