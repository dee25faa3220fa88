package analytics

// Attributor accumulates journeys one at a time, as storage streams them, and
// then answers for the whole population. Add keeps neither the journey nor its
// slices. Result may be called at any time and again after more Adds.
type Attributor interface {
	Add(j Journey)
	Result() Result
}

// NewAttributor returns an empty Attributor for model m.
func NewAttributor(m Model, p Params) (Attributor, error) {
	switch {
	case m == Markov:
		return &markovAttributor{}, nil
	case m == Shapley:
		return &shapleyAttributor{}, nil
	case m.Rule():
		return &ruleAttributor{model: m, params: p}, nil
	}
	_, err := ParseModel(string(m))
	return nil, err
}

// ruleAttributor sums each journey's rule weights by group.
type ruleAttributor struct {
	model  Model
	params Params
	tally  tally
	groups groupIndex
	// Credit by group id.
	conversions, revenue []float64
	weights              []float64 // reused for every journey
}

func (a *ruleAttributor) Add(j Journey) {
	if !a.tally.add(j) {
		return
	}
	a.weights = weigh(resize(a.weights, len(j.Touches)), a.model, j, a.params)
	for i, t := range j.Touches {
		g := a.groups.id(t.Group)
		if g == len(a.conversions) {
			a.conversions = append(a.conversions, 0)
			a.revenue = append(a.revenue, 0)
		}
		a.conversions[g] += a.weights[i]
		a.revenue[g] += a.weights[i] * j.Revenue
	}
}

func (a *ruleAttributor) Result() Result {
	groups := make([]GroupCredit, a.groups.len())
	for g, key := range a.groups.keys {
		groups[g] = GroupCredit{Key: key, Conversions: a.conversions[g], Revenue: a.revenue[g]}
	}
	return a.tally.result(a.model, groups)
}

// resize returns s with length n, reusing its array when it is large enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, max(n, 2*cap(s)))
	}
	return s[:n]
}
