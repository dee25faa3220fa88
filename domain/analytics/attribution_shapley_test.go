package analytics_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// zhaoClosedForm is Zhao et al.'s simplification of this game's Shapley value:
// φ_i = Σ over sets S ∋ i of R(S)/|S|, where R(S) is what the converted
// journeys touching exactly the groups S are worth.
func zhaoClosedForm(js []analytics.Journey) (conversions, revenue, touching map[string]float64) {
	conversions, revenue, touching = map[string]float64{}, map[string]float64{}, map[string]float64{}
	for _, j := range js {
		if !j.Converted {
			continue
		}
		set := map[string]bool{}
		for _, t := range j.Touches {
			set[t.Group] = true
		}
		for g := range set {
			conversions[g] += 1 / float64(len(set))
			revenue[g] += j.Revenue / float64(len(set))
			touching[g]++
		}
	}
	return conversions, revenue, touching
}

func TestShapleyExactEqualsZhaosClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for c := range 300 {
		js := randomPopulation(rng, 1+rng.IntN(120), groupNames(1+rng.IntN(12)))
		res, _ := attributeAll(analytics.Shapley, analytics.Params{}, js)
		conversions, revenue, _ := zhaoClosedForm(js)
		if len(res.Groups) != len(conversions) {
			t.Fatalf("case %d: %d groups; want %d groups", c, len(res.Groups), len(conversions))
		}
		for _, g := range res.Groups {
			if !creditsClose(g.Conversions, conversions[g.Key], 1e-9) || !creditsClose(g.Revenue, revenue[g.Key], 1e-9) {
				t.Fatalf("case %d: %s = %v / %v, closed form %v / %v", c, g.Key, g.Conversions, g.Revenue, conversions[g.Key], revenue[g.Key])
			}
		}
	}
}

// Over 12 groups the closed form computes the values; they must match the
// test's own closed form and add up to the attributed total exactly, and
// still be symmetric and give a null player nothing (checked below).
func TestShapleyOverTwelveGroupsIsTheClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 15))
	js := randomPopulation(rng, 3000, groupNames(15))
	res, _ := attributeAll(analytics.Shapley, analytics.Params{}, js)
	conversions, revenue, _ := zhaoClosedForm(js)
	if len(res.Groups) != 15 {
		t.Fatalf("%d groups, want 15", len(res.Groups))
	}
	sum := 0.0
	for _, g := range res.Groups {
		sum += g.Conversions
		if !creditsClose(g.Conversions, conversions[g.Key], 1e-9) || !creditsClose(g.Revenue, revenue[g.Key], 1e-9) {
			t.Errorf("%s: %v / %v, closed form %v / %v", g.Key, g.Conversions, g.Revenue, conversions[g.Key], revenue[g.Key])
		}
	}
	if !creditsClose(sum, res.Conversions-res.UnattributedConversions, 1e-12) {
		t.Errorf("values add up to %v, want %v", sum, res.Conversions-res.UnattributedConversions)
	}
}

// Groups that always appear together are interchangeable, so they must earn
// the same.
func TestShapleySymmetry(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for c := range 300 {
		groups := groupNames(1 + rng.IntN(11))
		js := randomPopulation(rng, 40, groups)
		for k := range js {
			for _, t := range js[k].Touches {
				if t.Group == groups[0] {
					js[k].Touches = append(js[k].Touches, analytics.Touch{Group: "twin", At: t.At})
					break
				}
			}
		}
		res, _ := attributeAll(analytics.Shapley, analytics.Params{}, js)
		a, okA := res.Group(groups[0])
		b, okB := res.Group("twin")
		if okA != okB || !creditsClose(a.Conversions, b.Conversions, 1e-12) || !creditsClose(a.Revenue, b.Revenue, 1e-12) {
			t.Fatalf("case %d: %+v and its twin %+v", c, a, b)
		}
	}
}

// A group seen only on null paths adds nothing to any coalition.
func TestShapleyNullPlayer(t *testing.T) {
	res, _ := attributeAll(analytics.Shapley, analytics.Params{}, []analytics.Journey{
		path("A", "B"), path("A"), nullPath("ghost", "A"),
	})
	if g, ok := res.Group("ghost"); ok && (g.Conversions != 0 || g.Revenue != 0) {
		t.Errorf("ghost earned %+v", g)
	}
	want := []analytics.GroupCredit{{Key: "A", Conversions: 1.5}, {Key: "B", Conversions: 0.5}}
	if !groupsClose(res.Groups, want, 1e-12) {
		t.Errorf("groups = %+v, want %+v", res.Groups, want)
	}
}

// The same journeys in another order give the same report.
func TestShapleyIsDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	js := randomPopulation(rng, 500, groupNames(20))
	first, _ := attributeAll(analytics.Shapley, analytics.Params{}, js)
	rng.Shuffle(len(js), func(i, j int) { js[i], js[j] = js[j], js[i] })
	again, _ := attributeAll(analytics.Shapley, analytics.Params{}, js)
	if !groupsClose(first.Groups, again.Groups, 1e-12) {
		t.Errorf("first %+v\nagain %+v", first.Groups, again.Groups)
	}
}

func TestExplainShapley(t *testing.T) {
	credits, err := analytics.Explain(analytics.Shapley, analytics.Params{}, analytics.Result{}, withRevenue(path("A", "B", "A"), 60))
	if err != nil {
		t.Fatal(err)
	}
	got := make([]float64, len(credits))
	for i, c := range credits {
		got[i] = c.Revenue
	}
	if want := []float64{15, 30, 15}; !slices.EqualFunc(got, want, func(a, b float64) bool { return creditsClose(a, b, 1e-12) }) {
		t.Errorf("revenue credits = %v, want %v", got, want)
	}
}
