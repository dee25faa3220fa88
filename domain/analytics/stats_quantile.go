package analytics

import "slices"

// Distribution summarises velocity: durations in seconds, e.g. from first
// touch to opportunity. Medians and quartiles say more than the mean here,
// because a few deals that stall for months drag the mean far from the
// typical deal; the mean is kept for totals and for comparison.
type Distribution struct {
	Count                                 int
	Min, P25, Median, P75, P90, Max, Mean float64
}

// Describe summarises values without modifying the caller's slice. Values
// that are not finite (NaN marks a missing measurement) are left out of
// every statistic and of Count, since one would poison the mean and the
// interpolation. No values gives the zero Distribution.
//
// Quantiles interpolate linearly between order statistics: Hyndman & Fan's
// type 7, the default of R's quantile(), numpy.percentile and spreadsheets'
// PERCENTILE / PERCENTILE.INC, so a figure in a report matches what an
// analyst recomputes from an export. With the n sorted values x[0..n−1],
// the p-quantile is x[j] + g·(x[j+1] − x[j]) where h = (n−1)·p, j = ⌊h⌋ and
// g = h − j.
func Describe(values []float64) Distribution {
	sorted := make([]float64, 0, len(values))
	for _, v := range values {
		if finite(v) {
			sorted = append(sorted, v)
		}
	}
	if len(sorted) == 0 {
		return Distribution{}
	}
	slices.Sort(sorted)
	var sum float64
	for _, v := range sorted {
		sum += v
	}
	return Distribution{
		Count:  len(sorted),
		Min:    sorted[0],
		P25:    quantile(sorted, 0.25),
		Median: quantile(sorted, 0.5),
		P75:    quantile(sorted, 0.75),
		P90:    quantile(sorted, 0.9),
		Max:    sorted[len(sorted)-1],
		Mean:   sum / float64(len(sorted)),
	}
}

// quantile is the type 7 p-quantile of sorted, which must not be empty.
func quantile(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	j := int(h)
	if j+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[j] + (h-float64(j))*(sorted[j+1]-sorted[j])
}
