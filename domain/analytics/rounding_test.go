package analytics_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

func TestRoundMinor(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		want   []int64
	}{
		{"nothing", nil, []int64{}},
		{"whole amounts stay", []float64{100, 250, 0}, []int64{100, 250, 0}},
		{"thirds of 100: the spare unit goes to the first", []float64{100. / 3, 100. / 3, 100. / 3}, []int64{34, 33, 33}},
		{"the largest remainder wins", []float64{10.2, 20.7, 30.1}, []int64{10, 21, 30}},
		{"halves of 3: round(3) = 3", []float64{1.5, 1.5}, []int64{2, 1}},
		{"a total that rounds down gives no spare unit", []float64{0.2, 0.2}, []int64{0, 0}},
		{"float noise around a whole total", []float64{0.1 * 3, 0.7}, []int64{0, 1}},
		{"a negative amount (a refund) has a remainder too: −0.6 is −1 + 0.4", []float64{-0.6, 2.2}, []int64{0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analytics.RoundMinor(tt.values); !slices.Equal(got, tt.want) {
				t.Errorf("RoundMinor(%v) = %v, want %v", tt.values, got, tt.want)
			}
		})
	}
}

func TestRoundMinorAddsUpToTheRoundedTotal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 100))
	for c := range 500 {
		values := make([]float64, rng.IntN(30))
		sum := 0.0
		for i := range values {
			values[i] = rng.Float64() * 1e6
			sum += values[i]
		}
		got := analytics.RoundMinor(values)
		var total int64
		for i, r := range got {
			total += r
			if math.Abs(float64(r)-values[i]) >= 1 {
				t.Fatalf("case %d: %v rounded to %d", c, values[i], r)
			}
		}
		if total != int64(math.Round(sum)) {
			t.Fatalf("case %d: rounded amounts add up to %d, want %d", c, total, int64(math.Round(sum)))
		}
	}
}
