package analytics

import (
	"math/bits"
	"math/rand/v2"
)

// coalition is one distinct set of groups that converted journeys touched, and
// what those journeys are worth.
type coalition struct {
	members              []int32 // players, ascending
	conversions, revenue float64
}

// maxExactPlayers is the most groups whose Shapley values are computed by
// enumerating every coalition (2^n of them); beyond it they are sampled.
const maxExactPlayers = 12

// shapleySamples is how many random orders of the players the sampled
// estimate averages. Each order credits every set's worth to one of its
// members, so a group's estimate is a mean of draws in [0, C], where C is the
// worth of the journeys that touched it: its standard error is at most
// C/(2·√4096) = C/128, and by Hoeffding it is within 0.0305·C of the exact
// value with probability 0.999. An estimate costs 4096 passes over the
// distinct sets of groups that journeys touched.
const shapleySamples = 4096

// The seed of the random orders: fixed, so the same journeys always give the
// same report.
const shapleySeed1, shapleySeed2 = 0x6f6e6566756e6e65, 0x6c2d73686170

// shapleyValues returns each player's Shapley value in the conversions game
// and in the revenue game, and how many orders were sampled (0: exact).
func shapleyValues(n int, game []coalition) (conversions, revenue []float64, samples int) {
	switch {
	case n == 0:
		return nil, nil, 0
	case n <= maxExactPlayers:
		worth := func(of func(coalition) float64) []float64 {
			v := make([]float64, 1<<n)
			for _, c := range game {
				v[mask(c.members)] += of(c)
			}
			return shapleyExact(n, subsetSums(n, v))
		}
		return worth(func(c coalition) float64 { return c.conversions }),
			worth(func(c coalition) float64 { return c.revenue }), 0
	}
	conversions, revenue = shapleySampled(n, game, shapleySamples)
	return conversions, revenue, shapleySamples
}

func mask(members []int32) int {
	m := 0
	for _, p := range members {
		m |= 1 << p
	}
	return m
}

// subsetSums turns the worth of each exact set into the worth of each
// coalition: v[S] = Σ over T ⊆ S of r[T], in place, in n·2^n steps.
func subsetSums(n int, r []float64) []float64 {
	for p := range n {
		bit := 1 << p
		for s := range r {
			if s&bit != 0 {
				r[s] += r[s^bit]
			}
		}
	}
	return r
}

// shapleyExact is the Shapley value of each of n players in the game whose
// worth of coalition S (a bitmask) is v[S]:
//
//	φ_i = Σ over S ∌ i of |S|!(n−|S|−1)!/n! · (v[S ∪ {i}] − v[S])
func shapleyExact(n int, v []float64) []float64 {
	weight := make([]float64, n) // weight[k] = k!(n−k−1)!/n!, built without factorials
	weight[0] = 1 / float64(n)
	for k := 1; k < n; k++ {
		weight[k] = weight[k-1] * float64(k) / float64(n-k)
	}
	phi := make([]float64, n)
	for s := range v {
		k := bits.OnesCount(uint(s))
		if k == n {
			continue
		}
		for i := range n {
			if s&(1<<i) == 0 {
				phi[i] += weight[k] * (v[s|1<<i] - v[s])
			}
		}
	}
	return phi
}

// shapleySampled estimates the Shapley values by averaging marginal
// contributions over random orders of the players. In this game a player's
// marginal contribution in an order is the worth of the sets it completes,
// i.e. the sets of which it comes last; so each order costs one pass over the
// sets, and the estimates always add up to v(N) exactly.
func shapleySampled(n int, game []coalition, samples int) (conversions, revenue []float64) {
	conversions, revenue = make([]float64, n), make([]float64, n)
	rng := rand.New(rand.NewPCG(shapleySeed1, shapleySeed2))
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	position := make([]int, n)
	for range samples {
		rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		for at, p := range order {
			position[p] = at
		}
		for _, c := range game {
			last := c.members[0]
			for _, p := range c.members[1:] {
				if position[p] > position[last] {
					last = p
				}
			}
			conversions[last] += c.conversions
			revenue[last] += c.revenue
		}
	}
	for i := range n {
		conversions[i] /= float64(samples)
		revenue[i] /= float64(samples)
	}
	return conversions, revenue
}
