package analytics_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// For every model, over random populations: each converted journey's credits
// add up to its one conversion and its revenue; the groups plus the
// unattributed part add up to the totals; only groups that appear earn
// anything; and the order journeys arrive in does not matter.
func TestAttributionInvariants(t *testing.T) {
	for _, m := range analytics.Models {
		t.Run(string(m), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(len(m)), 42))
			for c := range 300 {
				groups := groupNames(1 + rng.IntN(15))
				js := randomPopulation(rng, 1+rng.IntN(60), groups)
				p := analytics.Params{HalfLifeDays: rng.Float64() * 10}
				res, err := attributeAll(m, p, js)
				if err != nil {
					t.Fatal(err)
				}
				checkTotals(t, c, js, res)
				explained := checkJourneys(t, c, m, p, js, res)
				// Rule models and exact shapley are sums of their journeys'
				// shares; markov's group totals are population-level.
				if m != analytics.Markov {
					for _, g := range res.Groups {
						if !creditsClose(g.Conversions, explained[g.Key], 1e-9) {
							t.Fatalf("case %d: %s earned %v, its journeys %v", c, g.Key, g.Conversions, explained[g.Key])
						}
					}
				}
				rng.Shuffle(len(js), func(i, j int) { js[i], js[j] = js[j], js[i] })
				shuffled, _ := attributeAll(m, p, js)
				for _, g := range res.Groups {
					s, _ := shuffled.Group(g.Key)
					if !creditsClose(s.Conversions, g.Conversions, 1e-9) || !creditsClose(s.Revenue, g.Revenue, 1e-9) {
						t.Fatalf("case %d: %s earned %+v, shuffled %+v", c, g.Key, g, s)
					}
				}
			}
		})
	}
}

func checkTotals(t *testing.T, c int, js []analytics.Journey, res analytics.Result) {
	t.Helper()
	var conversions, revenue, unattributed float64
	appears := map[string]bool{}
	for _, j := range js {
		for _, t := range j.Touches {
			appears[t.Group] = true
		}
		if j.Converted {
			conversions++
			revenue += j.Revenue
			if len(j.Touches) == 0 {
				unattributed++
			}
		}
	}
	if res.Conversions != conversions || !creditsClose(res.Revenue, revenue, 1e-12) {
		t.Fatalf("case %d: totals %v / %v, want %v / %v", c, res.Conversions, res.Revenue, conversions, revenue)
	}
	if res.UnattributedConversions != unattributed {
		t.Fatalf("case %d: unattributed %v, want %v", c, res.UnattributedConversions, unattributed)
	}
	groupConversions, groupRevenue := res.UnattributedConversions, res.UnattributedRevenue
	for i, g := range res.Groups {
		if i > 0 {
			prev := res.Groups[i-1]
			if prev.Conversions < g.Conversions || (prev.Conversions == g.Conversions && prev.Key >= g.Key) {
				t.Fatalf("case %d: %s before %s", c, prev.Key, g.Key)
			}
		}
		if !appears[g.Key] {
			t.Fatalf("case %d: %s never appears but is in the result", c, g.Key)
		}
		if g.Conversions < 0 || g.Revenue < 0 || g.RemovalEffect < 0 || g.RemovalEffect > 1 {
			t.Fatalf("case %d: %+v", c, g)
		}
		groupConversions += g.Conversions
		groupRevenue += g.Revenue
	}
	if !creditsClose(groupConversions, conversions, 1e-9) || !creditsClose(groupRevenue, revenue, 1e-9) {
		t.Fatalf("case %d: groups and unattributed add up to %v / %v, want %v / %v", c, groupConversions, groupRevenue, conversions, revenue)
	}
}

// checkJourneys explains every journey and returns the conversions credited to
// each group.
func checkJourneys(t *testing.T, c int, m analytics.Model, p analytics.Params, js []analytics.Journey, res analytics.Result) map[string]float64 {
	t.Helper()
	byGroup := map[string]float64{}
	for _, j := range js {
		credits, err := analytics.Explain(m, p, res, j)
		if err != nil {
			t.Fatal(err)
		}
		if len(credits) != len(j.Touches) {
			t.Fatalf("case %d: %d credits for %d touches", c, len(credits), len(j.Touches))
		}
		conversion, revenue := 0.0, 0.0
		for i, cr := range credits {
			if cr.Touch != j.Touches[i] || cr.Conversion < 0 {
				t.Fatalf("case %d: credit %d = %+v for touch %+v", c, i, cr, j.Touches[i])
			}
			conversion += cr.Conversion
			revenue += cr.Revenue
			byGroup[cr.Group] += cr.Conversion
		}
		want, wantRevenue := 0.0, 0.0
		if j.Converted && len(j.Touches) > 0 {
			want, wantRevenue = 1, j.Revenue
		}
		if math.Abs(conversion-want) > 1e-12 || !creditsClose(revenue, wantRevenue, 1e-12) {
			t.Fatalf("case %d: journey %s credits add up to %v / %v, want %v / %v", c, j.ID, conversion, revenue, want, wantRevenue)
		}
		if m.Rule() {
			w, err := analytics.Weights(m, j, p)
			if err != nil || len(w) != len(j.Touches) {
				t.Fatalf("case %d: Weights = %v, %v", c, w, err)
			}
			sum := 0.0
			for i := range w {
				sum += w[i]
				if w[i] < 0 || (j.Converted && w[i] != credits[i].Conversion) {
					t.Fatalf("case %d: weights %v, credits %+v", c, w, credits)
				}
			}
			if len(w) > 0 && math.Abs(sum-1) > 1e-12 {
				t.Fatalf("case %d: weights %v add up to %v", c, w, sum)
			}
		}
	}
	return byGroup
}

// A channel whose every visit ends the journey without a conversion earns
// nothing under any model, markov included.
func TestDeadEndGroupEarnsNothing(t *testing.T) {
	js := []analytics.Journey{path("A", "B"), path("B"), nullPath("A", "dead"), nullPath("dead"), path("A")}
	for _, m := range analytics.Models {
		res, _ := attributeAll(m, analytics.Params{}, js)
		if g, ok := res.Group("dead"); ok && (g.Conversions != 0 || g.Revenue != 0 || g.RemovalEffect != 0) {
			t.Errorf("%s: dead earned %+v", m, g)
		}
	}
}

func TestResultOfNothing(t *testing.T) {
	for _, m := range analytics.Models {
		res, err := attributeAll(m, analytics.Params{}, nil)
		if err != nil || res.Model != m || len(res.Groups) != 0 || res.Conversions != 0 || res.Revenue != 0 {
			t.Errorf("%s: %+v, %v", m, res, err)
		}
	}
}
