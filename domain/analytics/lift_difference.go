package analytics

import "math"

// riskDifference is p1 − p0 with Newcombe's hybrid score interval (method 10
// of Newcombe 1998; see Compare for why not Wald):
//
//	Low  = d − √((p1 − l1)² + (u0 − p0)²)
//	High = d + √((u1 − p1)² + (p0 − l0)²)
//
// where [l1, u1] and [l0, u0] are the Wilson intervals of the two rates.
func riskDifference(t Table) Interval {
	n1, n0 := t.Exposed(), t.Unexposed()
	if n1 == 0 || n0 == 0 {
		return Interval{}
	}
	p1, p0 := rate(t.ExposedOutcome, n1), rate(t.UnexposedOutcome, n0)
	l1, u1 := wilson(t.ExposedOutcome, n1)
	l0, u0 := wilson(t.UnexposedOutcome, n0)
	d := p1 - p0
	// At 0 or all outcomes a Wilson bound is 0 or 1 only up to rounding,
	// which could leave the difference a hair outside [−1, 1].
	return Interval{
		Estimate: d,
		Low:      max(-1, d-math.Hypot(p1-l1, u0-p0)),
		High:     min(1, d+math.Hypot(u1-p1, p0-l0)),
		Defined:  true,
	}
}

// wilson is the Wilson score interval for x outcomes out of n > 0: the set of
// rates p whose score test |x/n − p| / √(p(1−p)/n) ≤ z accepts x. Unlike the
// Wald interval it never collapses to a point at 0 or n outcomes.
func wilson(x, n int64) (low, high float64) {
	xf, nf := float64(x), float64(n)
	z2 := z95 * z95
	centre := (xf + z2/2) / (nf + z2)
	half := z95 * math.Sqrt(xf*(nf-xf)/nf+z2/4) / (nf + z2)
	return centre - half, centre + half
}
