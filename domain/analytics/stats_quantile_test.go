package analytics_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// Reference values for type 7 quantiles:
//   - 1..10: R's documented quantile(1:10) is 3.25, 5.5, 7.75 at 25/50/75%,
//     and quantile(1:10, 0.9) is 1 + 0.9·9 = 9.1.
//   - numpy.percentile's documented example: the median of 10, 7, 4, 3, 2, 1
//     is 3.5.
//   - durations of one hour to a week, unsorted, by hand from h = (n−1)·p
//     over 1800, 3600, 7200, 43200, 86400, 259200, 604800:
//     P25: h = 1.5 → 3600 + 0.5·3600 = 5400; median: h = 3 → 43200;
//     P75: h = 4.5 → 86400 + 0.5·172800 = 172800;
//     P90: h = 5.4 → 259200 + 0.4·345600 = 397440; mean 1006200/7.
//
// All three cross-checked with Python's statistics.quantiles(v, n=4 or 10,
// method='inclusive'), which is type 7.
func TestDescribeReferenceValues(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		want   analytics.Distribution
	}{
		{"R quantile(1:10)", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
			analytics.Distribution{Count: 10, Min: 1, P25: 3.25, Median: 5.5, P75: 7.75, P90: 9.1, Max: 10, Mean: 5.5}},
		{"numpy percentile example", []float64{10, 7, 4, 3, 2, 1},
			analytics.Distribution{Count: 6, Min: 1, P25: 2.25, Median: 3.5, P75: 6.25, P90: 8.5, Max: 10, Mean: 27.0 / 6}},
		{"velocity in seconds", []float64{3600, 7200, 86400, 1800, 604800, 43200, 259200},
			analytics.Distribution{Count: 7, Min: 1800, P25: 5400, Median: 43200, P75: 172800, P90: 397440, Max: 604800, Mean: 1006200.0 / 7}},
		{"one value", []float64{42}, analytics.Distribution{Count: 1, Min: 42, P25: 42, Median: 42, P75: 42, P90: 42, Max: 42, Mean: 42}},
		{"none", nil, analytics.Distribution{}},
		{"missing values are left out", []float64{math.NaN(), 4, math.Inf(1), 2, math.Inf(-1)},
			analytics.Distribution{Count: 2, Min: 2, P25: 2.5, Median: 3, P75: 3.5, P90: 3.8, Max: 4, Mean: 3}},
		{"only missing values", []float64{math.NaN()}, analytics.Distribution{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analytics.Describe(tt.values)
			if !statsSameDistribution(got, tt.want, 1e-12) {
				t.Errorf("Describe(%v)\n got %+v\nwant %+v", tt.values, got, tt.want)
			}
		})
	}
}

func TestDescribeLeavesTheCallersSliceAlone(t *testing.T) {
	values := []float64{5, math.NaN(), 1, 3}
	analytics.Describe(values)
	if values[0] != 5 || !math.IsNaN(values[1]) || values[2] != 1 || values[3] != 3 {
		t.Errorf("Describe reordered or changed its input: %v", values)
	}
}

// With n = 20m + 1 values, (n−1)·p is a whole number for p = .25, .5, .75
// and .9, so each quantile is an order statistic exactly: the property
// compares against plain sorting, not against the interpolation formula.
func TestDescribeAgreesWithSorting(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for range 500 {
		m := 1 + r.IntN(50)
		values := make([]float64, 20*m+1)
		for i := range values {
			values[i] = math.Round(r.ExpFloat64()*86400*10) / 10 // skewed like durations
		}
		sorted := slices.Sorted(slices.Values(values))
		var sum float64
		for _, v := range values {
			sum += v
		}
		want := analytics.Distribution{
			Count: len(values), Min: sorted[0], Max: sorted[20*m],
			P25: sorted[5*m], Median: sorted[10*m], P75: sorted[15*m], P90: sorted[18*m],
			Mean: sum / float64(len(values)),
		}
		got := analytics.Describe(values)
		if !statsSameDistribution(got, want, 1e-9) {
			t.Fatalf("n = %d\n got %+v\nwant %+v", len(values), got, want)
		}
		r.Shuffle(len(values), func(i, j int) { values[i], values[j] = values[j], values[i] })
		if again := analytics.Describe(values); !statsSameDistribution(again, got, 1e-9) {
			t.Fatalf("order of input changed the result: %+v, then %+v", got, again)
		}
	}
}

// For any size, the summary is ordered and the mean lies within the range.
func TestDescribeIsMonotone(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	for range 2000 {
		values := make([]float64, 1+r.IntN(40))
		for i := range values {
			values[i] = r.NormFloat64() * 1000
		}
		d := analytics.Describe(values)
		chain := []float64{d.Min, d.P25, d.Median, d.P75, d.P90, d.Max}
		if !slices.IsSorted(chain) || d.Mean < d.Min || d.Mean > d.Max || d.Count != len(values) {
			t.Fatalf("Describe(%v) = %+v is not ordered", values, d)
		}
	}
}

func statsSameDistribution(a, b analytics.Distribution, tol float64) bool {
	return a.Count == b.Count &&
		statsClose(a.Min, b.Min, tol) && statsClose(a.P25, b.P25, tol) && statsClose(a.Median, b.Median, tol) &&
		statsClose(a.P75, b.P75, tol) && statsClose(a.P90, b.P90, tol) && statsClose(a.Max, b.Max, tol) &&
		statsClose(a.Mean, b.Mean, tol)
}
