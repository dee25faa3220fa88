package analytics

import "fmt"

// TouchCredit is one touch of a journey with the credit it earned.
type TouchCredit struct {
	Touch
	Conversion float64 // share of the journey's one conversion
	Revenue    float64 // minor units
}

// Explain shows how model m credits one journey, touch by touch.
//
// Rule models apply Weights; fitted is not used. Shapley gives each of the
// journey's distinct groups 1/|T| of it (the closed form of Zhao et al.: a
// group's Shapley value is the sum of these shares over all journeys); fitted
// is not used either. Markov needs fitted, a Result of markov on the
// population: the journey is shared over its distinct groups in proportion to
// their removal effects. Population-level removal effects mean these journey
// credits need not add up to markov's group totals, but each journey's still
// add up to its conversion; when none of its groups has a positive removal
// effect in fitted, the journey earns nothing.
//
// Within a group, the shares of shapley and markov go equally to its touches.
// A null path, or a journey without touches, earns nothing: its touches are
// returned with zero credit.
func Explain(m Model, p Params, fitted Result, j Journey) ([]TouchCredit, error) {
	if _, err := ParseModel(string(m)); err != nil {
		return nil, err
	}
	if m == Markov && fitted.Model != Markov {
		return nil, fmt.Errorf("analytics: explaining markov needs a markov result, got %q", fitted.Model)
	}
	credits := make([]TouchCredit, len(j.Touches))
	for i, t := range j.Touches {
		credits[i].Touch = t
	}
	if !j.Converted || len(j.Touches) == 0 {
		return credits, nil
	}
	var w []float64
	switch m {
	case Markov:
		w = groupShares(j.Touches, func(key string) float64 {
			g, _ := fitted.Group(key)
			return g.RemovalEffect
		})
	case Shapley:
		w = groupShares(j.Touches, func(string) float64 { return 1 })
	default:
		w = weigh(make([]float64, len(j.Touches)), m, j, p)
	}
	for i, share := range w {
		credits[i].Conversion = share
		credits[i].Revenue = share * j.Revenue
	}
	return credits, nil
}

// groupShares shares one conversion over the distinct groups of touches in
// proportion to worth(group), then equally over each group's touches. All
// zero when no group is worth anything.
func groupShares(touches []Touch, worth func(group string) float64) []float64 {
	count := make(map[string]int, len(touches))
	for _, t := range touches {
		count[t.Group]++
	}
	value := make(map[string]float64, len(count))
	total := 0.0
	for g := range count {
		value[g] = max(0, worth(g))
		total += value[g]
	}
	w := make([]float64, len(touches))
	if !(total > 0) {
		return w
	}
	for i, t := range touches {
		w[i] = value[t.Group] / total / float64(count[t.Group])
	}
	return w
}
