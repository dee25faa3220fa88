package analytics

import "math"

// Stratified is the Cochran–Mantel–Haenszel comparison over strata of a
// chosen segment (e.g. first-touch channel): it answers "does exposure lift
// the outcome within segments?", which the crude comparison confuses with
// "do the segments that are exposed more often convert more anyway?".
// Strata counts the strata that contributed.
type Stratified struct {
	Strata                                  int
	RiskRatio, RelativeLift, RiskDifference Interval
}

// MantelHaenszel pools the strata's risk ratios and risk differences with
// Mantel–Haenszel weights, which stay valid when there are many small strata
// (where summing per-stratum logs or inverse-variance weights breaks down).
// With strata i, a = exposed outcomes, c = unexposed outcomes, n1 and n0 the
// group sizes, N = n1 + n0:
//
//	RR_MH = Σ a·n0/N ÷ Σ c·n1/N
//	RD_MH = Σ (a·n0 − c·n1)/N ÷ Σ n1·n0/N
//
// The interval of RR_MH uses the Greenland–Robins (Biometrics 1985) variance
// of ln RR_MH; that of RD_MH uses the Sato, Greenland & Robins (Biometrics
// 1989) variance, the one consistent both for a few large strata and for
// many sparse ones. Both reduce to the crude Katz and Wald variances for a
// single stratum. A stratum with an empty exposed or unexposed group says
// nothing about the comparison and contributes nothing; so does a stratum
// with a negative count.
func MantelHaenszel(strata []Table) Stratified {
	var s mhSums
	for _, t := range strata {
		s.add(t)
	}
	if s.strata == 0 {
		return Stratified{}
	}
	out := Stratified{Strata: s.strata, RiskRatio: s.riskRatio(), RiskDifference: s.riskDifference()}
	if s.rrDen > 0 {
		out.RelativeLift = minusOne(out.RiskRatio)
	}
	return out
}

func (s *mhSums) riskRatio() Interval {
	switch {
	case s.rrDen == 0: // no unexposed outcomes anywhere: infinite or 0/0
		return Interval{}
	case s.rrNum == 0:
		return Interval{Estimate: 0}
	}
	return logInterval(s.rrNum/s.rrDen, s.grVar/(s.rrNum*s.rrDen))
}

func (s *mhSums) riskDifference() Interval {
	rd := s.rdNum / s.weight
	// Sato's numerator cancels to zero when every rate is 0 or 1 (it is then
	// the Wald variance 0). With strata of millions what rounding leaves of it
	// is noise, and an interval built on that would be a falsely certain
	// sliver; so a numerator within rounding of its own terms counts as 0.
	num := rd*s.satoP + s.satoQ
	if num <= 1e-12*(math.Abs(rd*s.satoP)+s.satoQ) {
		return Interval{Estimate: rd}
	}
	half := z95 * math.Sqrt(num) / s.weight
	// The Wald-type interval can overshoot; a difference of rates cannot.
	return Interval{Estimate: rd, Low: max(-1, rd-half), High: min(1, rd+half), Defined: true}
}

// mhSums accumulates the per-stratum terms of the estimators and variances.
type mhSums struct {
	strata       int
	rrNum, rrDen float64 // Σ a·n0/N, Σ c·n1/N
	grVar        float64 // Σ (n1·n0·(a+c) − a·c·N)/N², Greenland–Robins
	weight       float64 // Σ n1·n0/N
	rdNum        float64 // Σ (a·n0 − c·n1)/N
	satoP        float64 // Σ (n1²·c − n0²·a + n1·n0·(n0−n1)/2)/N²
	satoQ        float64 // Σ (a·(n0−c) + c·(n1−a))/(2N)
}

func (s *mhSums) add(t Table) {
	if !t.valid() || t.Exposed() == 0 || t.Unexposed() == 0 {
		return
	}
	a, c := float64(t.ExposedOutcome), float64(t.UnexposedOutcome)
	n1, n0 := float64(t.Exposed()), float64(t.Unexposed())
	n := n1 + n0
	s.strata++
	s.rrNum += a * n0 / n
	s.rrDen += c * n1 / n
	s.grVar += (n1*n0*(a+c) - a*c*n) / (n * n)
	s.weight += n1 * n0 / n
	s.rdNum += (a*n0 - c*n1) / n
	s.satoP += (n1*n1*c - n0*n0*a + n1*n0*(n0-n1)/2) / (n * n)
	s.satoQ += (a*(n0-c) + c*(n1-a)) / (2 * n)
}
