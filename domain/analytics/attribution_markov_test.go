package analytics_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// The example of the ChannelAttribution package's vignette: three converting
// paths and no null ones. Removing A loses every conversion; removing B loses
// half, so A earns two of the three conversions.
func TestMarkovChannelAttributionVignette(t *testing.T) {
	res, err := attributeAll(analytics.Markov, analytics.Params{}, []analytics.Journey{
		withRevenue(path("A", "B", "A", "B", "B", "A"), 300),
		withRevenue(path("A", "B", "B", "A", "A"), 0),
		withRevenue(path("A", "A"), 600),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []analytics.GroupCredit{
		{Key: "A", Conversions: 2, Revenue: 600, RemovalEffect: 1},
		{Key: "B", Conversions: 1, Revenue: 300, RemovalEffect: 0.5},
	}
	if !groupsClose(res.Groups, want, 1e-12) {
		t.Errorf("groups = %+v, want %+v", res.Groups, want)
	}
	if res.Conversions != 3 || res.Revenue != 900 || res.UnattributedConversions != 0 {
		t.Errorf("totals = %+v", res)
	}
}

// Worked by hand: start→A 2/3, start→B 1/3, A→B 1/2, A→null 1/2, B→conv 1, so
// P = 2/3; without A, P = 1/3 (removal effect 1/2); without B, 0 (effect 1).
func TestMarkovWithNullPaths(t *testing.T) {
	res, err := attributeAll(analytics.Markov, analytics.Params{}, []analytics.Journey{
		path("A", "B"), nullPath("A"), path("B"), path(),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []analytics.GroupCredit{
		{Key: "B", Conversions: 4. / 3, RemovalEffect: 1},
		{Key: "A", Conversions: 2. / 3, RemovalEffect: 0.5},
	}
	if !groupsClose(res.Groups, want, 1e-12) {
		t.Errorf("groups = %+v, want %+v", res.Groups, want)
	}
	if res.Conversions != 3 || res.UnattributedConversions != 1 {
		t.Errorf("a converted journey without touches is unattributed: %+v", res)
	}
}

func TestMarkovWithoutConversionsCreditsNothing(t *testing.T) {
	res, err := attributeAll(analytics.Markov, analytics.Params{}, []analytics.Journey{
		nullPath("A", "B"), nullPath("B"), withRevenue(path(), 50),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Groups {
		if g.Conversions != 0 || g.RemovalEffect != 0 {
			t.Errorf("%+v earned credit with no converting path", g)
		}
	}
	if res.Conversions != 1 || res.UnattributedConversions != 1 || res.UnattributedRevenue != 50 {
		t.Errorf("totals = %+v", res)
	}
}

// A self-loop leaves absorption probabilities alone, so touching the same
// group several times in a row must not move any credit.
func TestMarkovIgnoresRepeatedTouches(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	for c := range 200 {
		js := randomPopulation(rng, 60, groupNames(5))
		before, _ := attributeAll(analytics.Markov, analytics.Params{}, js)
		for k, j := range js {
			var repeated []analytics.Touch
			for _, t := range j.Touches {
				for range 1 + rng.IntN(3) {
					repeated = append(repeated, t)
				}
			}
			js[k].Touches = repeated
		}
		after, _ := attributeAll(analytics.Markov, analytics.Params{}, js)
		if !groupsClose(after.Groups, before.Groups, 1e-9) {
			t.Fatalf("case %d: with repeats %+v, without %+v", c, after.Groups, before.Groups)
		}
	}
}

// The removal effects come from the fundamental matrix; this checks them
// against the definition, computed another way: raw paths with their
// self-loops, the group literally sent to null, and the probability of
// converting found by iterating x ← r + Q·x to its fixed point.
func TestMarkovRemovalEffectsMatchTheDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	for c := range 200 {
		groups := groupNames(2 + rng.IntN(5))
		js := randomPopulation(rng, 5+rng.IntN(80), groups)
		res, _ := attributeAll(analytics.Markov, analytics.Params{}, js)
		p := iteratedConversion(js, "")
		for _, g := range res.Groups {
			want := 0.0
			if p > 0 {
				want = 1 - iteratedConversion(js, g.Key)/p
			}
			if math.Abs(g.RemovalEffect-want) > 1e-9 {
				t.Fatalf("case %d: removal effect of %s = %.12f, want %.12f", c, g.Key, g.RemovalEffect, want)
			}
		}
	}
}

// iteratedConversion is the probability of converting from start in the chain
// of js's raw paths, with the removed group's state absorbing into null.
func iteratedConversion(js []analytics.Journey, removed string) float64 {
	const start, conversion, null = "(start)", "(conversion)", "(null)"
	counts := map[string]map[string]float64{}
	step := func(from, to string) {
		if counts[from] == nil {
			counts[from] = map[string]float64{}
		}
		counts[from][to]++
	}
	for _, j := range js {
		if len(j.Touches) == 0 {
			continue
		}
		from := start
		for _, t := range j.Touches {
			step(from, t.Group)
			from = t.Group
		}
		if j.Converted {
			step(from, conversion)
		} else {
			step(from, null)
		}
	}
	x := map[string]float64{conversion: 1}
	for range 200_000 {
		change := 0.0
		for from, next := range counts {
			if from == removed {
				continue
			}
			total, sum := 0.0, 0.0
			for to, c := range next {
				total += c
				sum += c * x[to]
			}
			change = math.Max(change, math.Abs(sum/total-x[from]))
			x[from] = sum / total
		}
		if change < 1e-15 {
			break
		}
	}
	return x[start]
}

func TestExplainMarkov(t *testing.T) {
	js := []analytics.Journey{path("A", "B"), nullPath("A"), path("B")}
	fitted, _ := attributeAll(analytics.Markov, analytics.Params{}, js)
	j := withRevenue(path("A", "B", "B"), 90)
	credits, err := analytics.Explain(analytics.Markov, analytics.Params{}, fitted, j)
	if err != nil {
		t.Fatal(err)
	}
	// Removal effects A 0.5, B 1: A earns 1/3, B 2/3 shared by its two touches.
	want := []float64{1. / 3, 1. / 3, 1. / 3}
	for i, c := range credits {
		if !creditsClose(c.Conversion, want[i], 1e-12) || !creditsClose(c.Revenue, 90*want[i], 1e-12) {
			t.Fatalf("credits = %+v, want conversions %v", credits, want)
		}
	}

	unknown, err := analytics.Explain(analytics.Markov, analytics.Params{}, fitted, path("Z"))
	if err != nil || unknown[0].Conversion != 0 {
		t.Errorf("a group the fit never saw has no removal effect: %+v, %v", unknown, err)
	}
	if _, err := analytics.Explain(analytics.Markov, analytics.Params{}, analytics.Result{Model: analytics.Linear}, j); err == nil {
		t.Error("explaining markov with a linear result must fail")
	}
}

func withRevenue(j analytics.Journey, amount float64) analytics.Journey {
	j.Revenue = amount
	return j
}

// groupsClose compares two group lists, in order, within tol.
func groupsClose(got, want []analytics.GroupCredit, tol float64) bool {
	return slices.EqualFunc(got, want, func(a, b analytics.GroupCredit) bool {
		return a.Key == b.Key && creditsClose(a.Conversions, b.Conversions, tol) &&
			creditsClose(a.Revenue, b.Revenue, tol) && creditsClose(a.RemovalEffect, b.RemovalEffect, tol)
	})
}
