package analytics_test

import (
	"math"
	"slices"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// The reference of docs/attribution.md: touches 38, 33, 26, 8 and 0 days
// before a conversion worth 12,000, half-life 7 days. Weights are
// 2^(-age/7) normalised: 175.2 / 287.4 / 574.9 / 3,417.0 / 7,545.4.
func TestTimeDecayReference(t *testing.T) {
	ages := []float64{38, 33, 26, 8, 0}
	groups := []string{"display", "social", "email", "search", "direct"}
	j := analytics.Journey{Converted: true, ConvertedAt: onDay(40), Revenue: 12_000}
	for i, age := range ages {
		j.Touches = append(j.Touches, analytics.Touch{Group: groups[i], At: onDay(40 - age)})
	}
	want := []float64{175.195, 287.438, 574.875, 3417.045, 7545.447}

	credits, err := analytics.Explain(analytics.TimeDecay, analytics.Params{HalfLifeDays: 7}, analytics.Result{}, j)
	if err != nil {
		t.Fatal(err)
	}
	res, err := attributeAll(analytics.TimeDecay, analytics.Params{}, []analytics.Journey{j})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range credits {
		g, _ := res.Group(groups[i])
		if math.Abs(c.Revenue-want[i]) > 0.001 || math.Abs(g.Revenue-want[i]) > 0.001 {
			t.Errorf("touch %d days before: explained %.3f, attributed %.3f, want %.3f", int(ages[i]), c.Revenue, g.Revenue, want[i])
		}
	}
	revenue := make([]float64, len(credits))
	for i, c := range credits {
		revenue[i] = c.Revenue
	}
	// Rounded one by one they would add up to 11,999; the largest remainder
	// gives the missing unit to 7,545.447 over 287.438 and 175.195.
	if got := analytics.RoundMinor(revenue); !slices.Equal(got, []int64{175, 287, 575, 3417, 7546}) {
		t.Errorf("RoundMinor = %v", got)
	}
}
