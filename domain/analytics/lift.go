package analytics

import "math"

// z95 is the standard normal quantile for a two-sided 95% interval,
// Φ⁻¹(0.975), to the precision of a float64.
const z95 = 1.959963984540054

// Table is a 2×2 table of prospects: exposed (before the outcome) or not,
// reached the outcome or not. The counts come from COUNT(*), so a negative
// cell is a caller's bug; such a table is treated as empty rather than
// producing a plausible-looking number.
type Table struct {
	ExposedOutcome, ExposedNone, UnexposedOutcome, UnexposedNone int64
}

// Exposed is the size of the exposed group.
func (t Table) Exposed() int64 { return t.ExposedOutcome + t.ExposedNone }

// Unexposed is the size of the unexposed group.
func (t Table) Unexposed() int64 { return t.UnexposedOutcome + t.UnexposedNone }

func (t Table) valid() bool {
	return t.ExposedOutcome >= 0 && t.ExposedNone >= 0 && t.UnexposedOutcome >= 0 && t.UnexposedNone >= 0
}

// Interval is an estimate with its 95% confidence interval.
//
// Defined is false when the counts cannot support an interval: a group is
// empty, a cell that a formula divides by is zero, or the standard error is
// zero (a zero-width interval would claim a certainty the data cannot give).
// We report "not estimable" rather than add 0.5 to every cell, because a
// continuity correction invents prospects and its result depends on the
// arbitrary 0.5. Estimate still holds the point estimate whenever that is a
// finite number (no exposed outcomes gives a risk ratio of 0 and a relative
// lift of −1); an infinite or 0/0 ratio leaves it 0. Low and High are 0
// unless Defined.
type Interval struct {
	Estimate, Low, High float64
	Defined             bool
}

// Comparison compares the outcome rate of the exposed with that of the
// unexposed.
type Comparison struct {
	Exposed, Unexposed         int64   // group sizes
	ExposedRate, UnexposedRate float64 // outcome rates (0 when the group is empty)
	RiskRatio                  Interval
	RelativeLift               Interval // RiskRatio − 1: "+25%" reads better than "1.25×"
	RiskDifference             Interval
}

// Compare computes the crude (unstratified) comparison of one table.
//
// The risk ratio's interval is Katz's log method (Katz et al., Biometrics
// 1978), what epitools::riskratio and most epidemiology texts report.
//
// The risk difference's interval is Newcombe's hybrid score interval (method
// 10 of Newcombe, Statistics in Medicine 1998), not the Wald interval.
// Conversion rates are often a few percent and exposed groups small (one
// webinar's attendees); there Wald under-covers badly, and with no outcomes
// in either group its standard error is 0, giving a certain [0, 0]. Newcombe's
// interval combines the two groups' Wilson score intervals, stays inside
// [−1, 1] and is defined whenever both groups are non-empty.
func Compare(t Table) Comparison {
	if !t.valid() {
		return Comparison{}
	}
	n1, n0 := t.Exposed(), t.Unexposed()
	c := Comparison{
		Exposed:        n1,
		Unexposed:      n0,
		ExposedRate:    rate(t.ExposedOutcome, n1),
		UnexposedRate:  rate(t.UnexposedOutcome, n0),
		RiskRatio:      riskRatio(t),
		RiskDifference: riskDifference(t),
	}
	if n1 > 0 && n0 > 0 && t.UnexposedOutcome > 0 {
		c.RelativeLift = minusOne(c.RiskRatio)
	}
	return c
}

func rate(outcomes, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(outcomes) / float64(n)
}

// riskRatio is RR = (a/n1)/(c/n0) with the Katz interval
// exp(ln RR ± z·√(1/a − 1/n1 + 1/c − 1/n0)).
func riskRatio(t Table) Interval {
	a, c := float64(t.ExposedOutcome), float64(t.UnexposedOutcome)
	n1, n0 := float64(t.Exposed()), float64(t.Unexposed())
	if n1 == 0 || n0 == 0 || c == 0 {
		return Interval{}
	}
	rr := (a / n1) / (c / n0)
	if a == 0 { // ln 0 has no interval around it
		return Interval{Estimate: rr}
	}
	return logInterval(rr, 1/a-1/n1+1/c-1/n0)
}

// logInterval is the interval exp(ln est ± z·√variance), where variance is
// that of ln est; it is not Defined when the variance is zero.
func logInterval(est, variance float64) Interval {
	if !(variance > 0) {
		return Interval{Estimate: est}
	}
	half := z95 * math.Sqrt(variance)
	return Interval{Estimate: est, Low: est * math.Exp(-half), High: est * math.Exp(half), Defined: true}
}

// minusOne turns a risk ratio into a relative lift; the interval shifts with
// it because lift is a fixed translation of the ratio.
func minusOne(rr Interval) Interval {
	l := Interval{Estimate: rr.Estimate - 1, Defined: rr.Defined}
	if rr.Defined {
		l.Low, l.High = rr.Low-1, rr.High-1
	}
	return l
}
