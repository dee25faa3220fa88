package demo

import (
	"math"
	"testing"
)

// table is one stratum's 2×2 counts: outcomes and totals, exposed and not.
type table struct{ a, n1, c, n0 float64 }

// mhRiskRatio is the Mantel–Haenszel risk ratio over strata with the
// Greenland–Robins (1985) standard error of its logarithm; strata missing an
// arm add nothing.
func mhRiskRatio(ts []table) (rr, seLog float64) {
	var num, den, v float64
	for _, t := range ts {
		n := t.n1 + t.n0
		if t.n1 == 0 || t.n0 == 0 {
			continue
		}
		num += t.a * t.n0 / n
		den += t.c * t.n1 / n
		v += (t.n1*t.n0*(t.a+t.c) - t.a*t.c*n) / (n * n)
	}
	return num / den, math.Sqrt(v / (num * den))
}

// The estimator the truth tests rely on: one stratum is the crude ratio
// with its textbook standard error; strata sharing a ratio give that ratio
// whatever their sizes and baselines; and it is not a plain pooling, which
// Simpson's paradox would fool.
func TestMantelHaenszel(t *testing.T) {
	rr, se := mhRiskRatio([]table{{a: 30, n1: 100, c: 20, n0: 100}})
	wantSE := math.Sqrt(1.0/30 - 1.0/100 + 1.0/20 - 1.0/100)
	if math.Abs(rr-1.5) > 1e-12 || math.Abs(se-wantSE) > 1e-12 {
		t.Errorf("one stratum: rr %v se %v, want 1.5 and %v", rr, se, wantSE)
	}
	rr, _ = mhRiskRatio([]table{{a: 60, n1: 200, c: 20, n0: 100}, {a: 9, n1: 100, c: 12, n0: 200}, {a: 1, n1: 0, c: 5, n0: 9}})
	if math.Abs(rr-1.5) > 1e-12 {
		t.Errorf("two strata with risk ratio 1.5: %v", rr)
	}
	// Pooled, the strata give 69/300 vs 32/300 ≈ 2.16; the MH ratio stays 1.5.
	if pooled := (69.0 / 300) / (32.0 / 300); math.Abs(rr-pooled) < 0.1 {
		t.Errorf("the MH ratio %v is the pooled one %v", rr, pooled)
	}
}
