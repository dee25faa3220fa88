package analytics

import (
	"cmp"
	"math"
	"slices"
)

// RoundMinor rounds amounts in minor units to whole ones so that they add up
// exactly to the rounded total, by the largest-remainder (Hamilton) method:
// each amount is rounded down, and the units still missing go one each to the
// amounts with the largest fractional parts; equal fractions favour the
// earlier amount, so a list sorted by size hands them to the larger groups.
// Each result is within one unit of its amount. Amounts must be finite.
func RoundMinor(values []float64) []int64 {
	rounded := make([]int64, len(values))
	if len(values) == 0 {
		return rounded
	}
	sum := 0.0
	var floors int64
	for i, v := range values {
		sum += v
		rounded[i] = int64(math.Floor(v))
		floors += rounded[i]
	}
	missing := int(int64(math.Round(sum)) - floors)
	if missing <= 0 {
		return rounded
	}
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	fraction := func(i int) float64 { return values[i] - math.Floor(values[i]) }
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(fraction(b), fraction(a)) })
	for _, i := range order[:min(missing, len(order))] {
		rounded[i]++
	}
	return rounded
}
