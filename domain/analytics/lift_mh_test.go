package analytics_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// The University Group Diabetes Program data, tolbutamide versus placebo and
// death, stratified by age, as used for Mantel–Haenszel estimation in
// Rothman, Greenland & Lash, "Modern Epidemiology" (3rd ed., ch. 15):
//
//	age < 55:  tolbutamide 8 dead of 106, placebo 5 of 120   (N = 226)
//	age ≥ 55:  tolbutamide 22 dead of 98, placebo 16 of 85   (N = 183)
//
// Age confounds the crude comparison (30/204 vs 21/205: RR 1.4356, RD
// 0.0446). By hand, with the formulas in lift_mh.go:
//
//	Σ a·n0/N = 8·120/226 + 22·85/183 = 4.247788 + 10.218579 = 14.466367
//	Σ c·n1/N = 5·106/226 + 16·98/183 = 2.345133 +  8.568306 = 10.913439
//	RR_MH = 14.466367 / 10.913439 = 1.325555
//	Greenland–Robins: Σ (n1·n0·m1 − a·c·N)/N²
//	  = (106·120·13 − 8·5·226)/226² + (98·85·38 − 22·16·183)/183²
//	  = 3.060537 + 7.528562 = 10.589099
//	var ln RR_MH = 10.589099 / (14.466367 · 10.913439) = 0.0670715
//	CI = 1.325555 · exp(∓1.959964 · √0.0670715) = 0.797907, 2.202132
//	W = Σ n1·n0/N = 56.283186 + 45.519126 = 101.802312
//	RD_MH = (1.902655 + 1.650273) / 101.802312 = 0.0349003
//	Sato P = −1.186891, Q = 10.589414
//	var RD_MH = (0.0349003·P + Q) / W² = 0.00101778
//	CI = 0.0349003 ∓ 1.959964 · 0.0319027 = −0.0276278, 0.0974284
//
// Cross-checked with Python's standard library:
//
//	S = [(8,106,5,120), (22,98,16,85)]   # a, n1, c, n0
//	R = sum(a*n0/(n1+n0) for a,n1,c,n0 in S); Sd = sum(c*n1/(n1+n0) for ...)
//	G = sum((n1*n0*(a+c) - a*c*(n1+n0))/(n1+n0)**2 for ...); v = G/(R*Sd)
//	rr = R/Sd; rr*exp(-z*sqrt(v)), rr*exp(z*sqrt(v))
//	W = sum(n1*n0/(n1+n0) ...); rd = sum((a*n0-c*n1)/(n1+n0) ...)/W
//	P = sum((n1*n1*c - n0*n0*a + n1*n0*(n0-n1)/2)/(n1+n0)**2 ...)
//	Q = sum((a*(n0-c) + c*(n1-a))/(2*(n1+n0)) ...); vd = (rd*P + Q)/W**2
//	→ RR 1.3255553241551052 (0.7979070401464857, 2.2021323650351112)
//	→ RD 0.03490026933691816 (-0.02762784601222891, 0.09742838468606523)
func TestMantelHaenszelTolbutamide(t *testing.T) {
	strata := []analytics.Table{statsTable(8, 98, 5, 115), statsTable(22, 76, 16, 69)}
	s := analytics.MantelHaenszel(strata)
	if s.Strata != 2 {
		t.Errorf("strata = %d, want 2", s.Strata)
	}
	statsWantInterval(t, "RR_MH", s.RiskRatio, 1.3255553241551052, 0.7979070401464857, 2.2021323650351112, 1e-9)
	statsWantInterval(t, "lift_MH", s.RelativeLift, 0.3255553241551052, -0.2020929598535143, 1.2021323650351112, 1e-9)
	statsWantInterval(t, "RD_MH", s.RiskDifference, 0.03490026933691816, -0.02762784601222891, 0.09742838468606523, 1e-9)

	crude := analytics.Compare(statsTable(30, 174, 21, 184))
	statsWant(t, "crude RR", crude.RiskRatio.Estimate, (30.0/204)/(21.0/205), 1e-12)
	statsWant(t, "crude RD", crude.RiskDifference.Estimate, 30.0/204-21.0/205, 1e-12)
}

// A stratum with an empty group cannot compare anything, and a table with a
// negative count is not a table; neither may move the pooled estimate.
func TestMantelHaenszelSkipsStrataWithoutAComparison(t *testing.T) {
	strata := []analytics.Table{statsTable(8, 98, 5, 115), statsTable(22, 76, 16, 69)}
	want := analytics.MantelHaenszel(strata)
	noisy := append([]analytics.Table{statsTable(0, 0, 40, 60), statsTable(7, 3, 0, 0), {}, statsTable(-1, 4, 4, 4)}, strata...)
	if got := analytics.MantelHaenszel(noisy); got != want {
		t.Errorf("with empty groups: %+v, want %+v", got, want)
	}
	if got := analytics.MantelHaenszel(nil); got != (analytics.Stratified{}) {
		t.Errorf("no strata: %+v, want the zero value", got)
	}
	if got := analytics.MantelHaenszel([]analytics.Table{statsTable(0, 9, 0, 9)}); got.RiskRatio.Defined || got.RiskDifference.Defined {
		t.Errorf("no outcomes anywhere: %+v, want nothing defined", got)
	}
}

// Every exposed prospect converted and no unexposed one did: the risk
// difference is 1 with a Sato variance of exactly 0 in exact arithmetic. With
// strata this large, float64 leaves about 1e-9 of the numerator's ~1e7-sized
// terms, which must not become a certain-looking interval.
func TestMantelHaenszelDegenerateLargeStrata(t *testing.T) {
	s := analytics.MantelHaenszel([]analytics.Table{statsTable(9000071, 0, 0, 20000003), statsTable(3000017, 0, 0, 9000082)})
	if want := (analytics.Interval{Estimate: 1}); s.RiskDifference != want {
		t.Errorf("RD_MH %+v, want %+v", s.RiskDifference, want)
	}
	if s.RiskRatio.Defined {
		t.Errorf("RR_MH %+v with no unexposed outcomes, want undefined", s.RiskRatio)
	}
}

// For one stratum the Greenland–Robins variance is Katz's and the Sato
// variance is Wald's p1(1−p1)/n1 + p0(1−p0)/n0, so MH must reproduce the
// crude risk ratio and its interval, the crude risk difference, and the Wald
// interval around it (the crude RD interval differs: it is Newcombe's).
func TestMantelHaenszelSingleStratumIsCrude(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		tbl := statsRandomTable(r, 2+r.Int64N(400))
		crude, mh := analytics.Compare(tbl), analytics.MantelHaenszel([]analytics.Table{tbl})
		if crude.RiskRatio.Defined != mh.RiskRatio.Defined || !statsClose(crude.RiskRatio.Estimate, mh.RiskRatio.Estimate, 1e-12) {
			t.Fatalf("%+v: crude RR %+v, MH %+v", tbl, crude.RiskRatio, mh.RiskRatio)
		}
		if mh.RiskRatio.Defined && (!statsClose(crude.RiskRatio.Low, mh.RiskRatio.Low, 1e-9) || !statsClose(crude.RiskRatio.High, mh.RiskRatio.High, 1e-9)) {
			t.Fatalf("%+v: crude RR %+v, MH %+v", tbl, crude.RiskRatio, mh.RiskRatio)
		}
		if crude.RelativeLift.Defined != mh.RelativeLift.Defined || !statsClose(crude.RelativeLift.Estimate, mh.RelativeLift.Estimate, 1e-12) {
			t.Fatalf("%+v: crude lift %+v, MH %+v", tbl, crude.RelativeLift, mh.RelativeLift)
		}
		if !statsClose(crude.RiskDifference.Estimate, mh.RiskDifference.Estimate, 1e-12) {
			t.Fatalf("%+v: crude RD %v, MH %v", tbl, crude.RiskDifference.Estimate, mh.RiskDifference.Estimate)
		}
		p1, p0 := crude.ExposedRate, crude.UnexposedRate
		wald := p1*(1-p1)/float64(crude.Exposed) + p0*(1-p0)/float64(crude.Unexposed)
		rd := mh.RiskDifference
		if rd.Defined != (wald > 0) {
			t.Fatalf("%+v: MH RD %+v, but the Wald variance is %v", tbl, rd, wald)
		}
		if rd.Defined {
			half := 1.959963984540054 * math.Sqrt(wald)
			if !statsClose(rd.Low, max(-1, rd.Estimate-half), 1e-9) || !statsClose(rd.High, min(1, rd.Estimate+half), 1e-9) {
				t.Fatalf("%+v: MH RD %+v, Wald half-width %v", tbl, rd, half)
			}
		}
	}
}

// When every stratum has the same risk ratio (or the same risk difference),
// pooling must return it, however unequal the strata and their exposure.
func TestMantelHaenszelCommonEffectIsReturned(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 500 {
		// RR = u/v in every stratum: with n1 = n0·v·s and a = c·u·s,
		// a/n1 = (u/v)·(c/n0) exactly.
		u, v := 1+r.Int64N(5), 1+r.Int64N(5)
		var strata []analytics.Table
		for range 1 + r.IntN(6) {
			n0, s := int64(10+r.IntN(100)), 1+r.Int64N(3)
			c := 1 + r.Int64N(min(n0, n0*v/u)) // c ≤ n0 and a ≤ n1
			n1, a := n0*v*s, c*u*s
			strata = append(strata, statsTable(a, n1-a, c, n0-c))
		}
		if got := analytics.MantelHaenszel(strata).RiskRatio.Estimate; !statsClose(got, float64(u)/float64(v), 1e-12) {
			t.Fatalf("strata %+v with RR %d/%d: RR_MH %v", strata, u, v, got)
		}

		// RD = k/100 in every stratum: both groups of 100·s, a = c + k·s.
		k := r.Int64N(50)
		strata = strata[:0]
		for range 1 + r.IntN(6) {
			s := 1 + r.Int64N(4)
			c := r.Int64N(50 * s)
			strata = append(strata, statsTable(c+k*s, 100*s-c-k*s, c, 100*s-c))
		}
		if got := analytics.MantelHaenszel(strata).RiskDifference.Estimate; !statsClose(got, float64(k)/100, 1e-12) {
			t.Fatalf("strata %+v with RD %d%%: RD_MH %v", strata, k, got)
		}
	}
}

// Swapping exposed and unexposed in every stratum inverts RR_MH (and its
// interval) and negates RD_MH (and its interval): the variances are
// symmetric in the two groups.
func TestMantelHaenszelSwapSymmetry(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 1000 {
		var strata, swapped []analytics.Table
		for range 1 + r.IntN(8) {
			tbl := statsRandomTable(r, 2+r.Int64N(200))
			strata = append(strata, tbl)
			swapped = append(swapped, statsTable(tbl.UnexposedOutcome, tbl.UnexposedNone, tbl.ExposedOutcome, tbl.ExposedNone))
		}
		s, w := analytics.MantelHaenszel(strata), analytics.MantelHaenszel(swapped)
		if s.RiskRatio.Defined != w.RiskRatio.Defined || s.RiskDifference.Defined != w.RiskDifference.Defined {
			t.Fatalf("%+v: swapping changed what is estimable", strata)
		}
		if rr, inv := s.RiskRatio, w.RiskRatio; rr.Defined &&
			(!statsClose(inv.Estimate, 1/rr.Estimate, 1e-9) || !statsClose(inv.Low, 1/rr.High, 1e-9) || !statsClose(inv.High, 1/rr.Low, 1e-9)) {
			t.Fatalf("%+v: RR_MH %+v, swapped %+v", strata, rr, inv)
		}
		if rd, neg := s.RiskDifference, w.RiskDifference; rd.Defined &&
			(!statsClose(neg.Estimate, -rd.Estimate, 1e-9) || !statsClose(neg.Low, -rd.High, 1e-9) || !statsClose(neg.High, -rd.Low, 1e-9)) {
			t.Fatalf("%+v: RD_MH %+v, swapped %+v", strata, rd, neg)
		}
	}
}
