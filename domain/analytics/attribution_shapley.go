package analytics

import (
	"encoding/binary"
	"slices"
	"strings"
)

// shapleyAttributor plays the cooperative game of Zhao et al. (2018): the
// players are the groups, and a coalition S is worth the conversions (and,
// as a second game, the revenue) of the converted journeys whose set of touched
// groups lies within S. The game depends on journeys only through that set, so
// Add keeps one counter per distinct set. Null paths are worth nothing in this
// game and are not kept; converted journeys with no touches are unattributed.
type shapleyAttributor struct {
	tally  tally
	groups groupIndex
	sets   map[string]int // a set's member ids, packed → its index below
	// Per distinct set: its members (group ids, ascending) and its worth.
	members              [][]int32
	conversions, revenue []float64

	// Reused for every journey.
	journeys int   // converted journeys with touches so far
	seen     []int // seen[g] == journeys when the current journey touched g
	ids      []int32
	key      []byte
}

func (a *shapleyAttributor) Add(j Journey) {
	if !a.tally.add(j) {
		return
	}
	a.journeys++
	stamp := a.journeys
	ids := a.ids[:0]
	for _, t := range j.Touches {
		g := a.groups.id(t.Group)
		if g >= len(a.seen) {
			a.seen = append(a.seen, 0)
		}
		if a.seen[g] != stamp {
			a.seen[g] = stamp
			ids = append(ids, int32(g))
		}
	}
	slices.Sort(ids)
	key := a.key[:0]
	for _, g := range ids {
		key = binary.LittleEndian.AppendUint32(key, uint32(g))
	}
	i, ok := a.sets[string(key)]
	if !ok {
		if a.sets == nil {
			a.sets = make(map[string]int)
		}
		i = len(a.members)
		a.sets[string(key)] = i
		a.members = append(a.members, slices.Clone(ids))
		a.conversions = append(a.conversions, 0)
		a.revenue = append(a.revenue, 0)
	}
	a.conversions[i]++
	a.revenue[i] += j.Revenue
	a.ids, a.key = ids, key
}

func (a *shapleyAttributor) Result() Result {
	n := a.groups.len()
	// Number the players by key so the result does not depend on the order
	// journeys arrived in.
	byKey := make([]int, n)
	for g := range byKey {
		byKey[g] = g
	}
	slices.SortFunc(byKey, func(x, y int) int { return strings.Compare(a.groups.keys[x], a.groups.keys[y]) })
	rank := make([]int32, n)
	for r, g := range byKey {
		rank[g] = int32(r)
	}
	game := make([]coalition, len(a.members))
	for i, ids := range a.members {
		members := make([]int32, len(ids))
		for k, g := range ids {
			members[k] = rank[g]
		}
		slices.Sort(members)
		game[i] = coalition{members: members, conversions: a.conversions[i], revenue: a.revenue[i]}
	}
	// The sets in a fixed order too, so that sums are added in the same order.
	slices.SortFunc(game, func(x, y coalition) int { return slices.Compare(x.members, y.members) })
	conversions, revenue := shapleyValues(n, game)
	groups := make([]GroupCredit, n)
	for r, g := range byKey {
		groups[r] = GroupCredit{Key: a.groups.keys[g], Conversions: conversions[r], Revenue: revenue[r]}
	}
	res := a.tally.result(Shapley, groups)
	return res
}
