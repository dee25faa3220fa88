package analytics

// markovAttributor counts the transitions of a first-order Markov chain whose
// states are start, one per group, conversion and null. A run of touches on the
// same group is one visit: a self-loop changes neither the probability of
// converting nor any removal effect, so it is not counted at all.
//
// Journeys with no touches stay out of the chain: a converted one is
// unattributed, and a null one would only scale every probability alike.
type markovAttributor struct {
	tally  tally
	groups groupIndex
	start  transitions
	from   []transitions // by group id
}

// transitions counts the steps out of one state.
type transitions struct {
	toGroup              []float64 // by group id
	toConversion, toNull float64
}

func (t *transitions) total() float64 {
	sum := t.toConversion + t.toNull
	for _, c := range t.toGroup {
		sum += c
	}
	return sum
}

func (a *markovAttributor) Add(j Journey) {
	a.tally.add(j)
	if len(j.Touches) == 0 {
		return
	}
	prev := -1
	for _, t := range j.Touches {
		g := a.groups.id(t.Group)
		if g == prev {
			continue
		}
		if g == len(a.from) {
			a.from = append(a.from, transitions{})
		}
		out := a.state(prev)
		out.toGroup = resizeZeroed(out.toGroup, g+1)
		out.toGroup[g]++
		prev = g
	}
	if j.Converted {
		a.from[prev].toConversion++
	} else {
		a.from[prev].toNull++
	}
}

// state is start for -1, else the group's state.
func (a *markovAttributor) state(g int) *transitions {
	if g < 0 {
		return &a.start
	}
	return &a.from[g]
}

func (a *markovAttributor) Result() Result {
	n := a.groups.len()
	removal := a.removalEffects()
	conversions, revenue := a.tally.attributed()
	sum := 0.0
	for _, re := range removal {
		sum += re
	}
	t := a.tally
	if !(sum > 0) {
		// No path converts: there is no effect to share conversions by.
		t.unattributedConversions, t.unattributedRevenue = t.conversions, t.revenue
	}
	groups := make([]GroupCredit, n)
	for g, key := range a.groups.keys {
		groups[g] = GroupCredit{Key: key, RemovalEffect: removal[g]}
		if sum > 0 {
			groups[g].Conversions = conversions * removal[g] / sum
			groups[g].Revenue = revenue * removal[g] / sum
		}
	}
	return t.result(Markov, groups)
}

// removalEffects returns each group's removal effect: the share of the
// probability of converting from start that is lost when the group's
// transitions all go to null instead.
//
// With the chain's fundamental matrix N = (I−Q)⁻¹ over the transient states
// (start and the groups) and x = N·r the probability of converting from each
// state, converting either avoids g or first reaches g and converts from there:
//
//	P = P(convert without visiting g) + h_g·x_g, where h_g = N[start][g] / N[g][g]
//
// is the probability of ever visiting g. Removing g keeps only the first term,
// so its removal effect is 1 − P₋g/P = h_g·x_g/P: exact, one factorisation for
// every group, and no subtraction of nearly equal numbers.
func (a *markovAttributor) removalEffects() []float64 {
	n := a.groups.len()
	removal := make([]float64, n)
	if n == 0 || a.start.total() == 0 {
		return removal
	}
	size := n + 1 // state 0 is start, state g+1 is group g
	m := make([]float64, size*size)
	r := make([]float64, size)
	for s := range size {
		out := a.state(s - 1)
		total := out.total()
		m[s*size+s] = 1
		for g, c := range out.toGroup {
			m[s*size+g+1] -= c / total
		}
		r[s] = out.toConversion / total
	}
	lu := factorLU(m, size)
	x := lu.solve(r)
	p := x[0]
	if !(p > 0) {
		return removal
	}
	e := make([]float64, size)
	for g := range n {
		clear(e)
		e[g+1] = 1
		col := lu.solve(e) // column g+1 of N
		visit := col[0] / col[g+1]
		removal[g] = min(1, max(0, visit*x[g+1]/p))
	}
	return removal
}

// resizeZeroed returns s with length at least n, new slots zero.
func resizeZeroed(s []float64, n int) []float64 {
	if len(s) >= n {
		return s
	}
	return append(s, make([]float64, n-len(s))...)
}
