package analytics_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// The Western Collaborative Group Study table (type A behaviour and coronary
// heart disease: 178 of 1,589 type A men, 79 of 1,565 type B men) from
// Jewell, "Statistics for Epidemiology" (2004), p. 83 — the example of
// epitools' risk.ratio. By hand, Katz's formula:
//
//	p1 = 178/1589 = 0.112020, p0 = 79/1565 = 0.050479, RR = 2.219133
//	var ln RR = 1/178 − 1/1589 + 1/79 − 1/1565 = 0.0170079, SE = 0.130414
//	ln RR = 0.797117; ± 1.959964 × 0.130414 = ± 0.255607
//	CI = exp(0.541510), exp(1.052724) = 1.718599, 2.865446
//
// Cross-checked with Python's standard library (not with this package):
//
//	z = NormalDist().inv_cdf(0.975); rr = (178/1589)/(79/1565)
//	se = sqrt(1/178 - 1/1589 + 1/79 - 1/1565)
//	rr, exp(log(rr) - z*se), exp(log(rr) + z*se)
//	→ 2.2191331224956383, 1.7185986441388175, 2.865446119227514
func TestCompareKatzIntervalWCGS(t *testing.T) {
	c := analytics.Compare(statsTable(178, 1589-178, 79, 1565-79))
	statsWant(t, "exposed rate", c.ExposedRate, 0.11202013845185652, 1e-12)
	statsWant(t, "unexposed rate", c.UnexposedRate, 0.05047923322683706, 1e-12)
	statsWantInterval(t, "risk ratio", c.RiskRatio, 2.2191331224956383, 1.7185986441388175, 2.865446119227514, 1e-9)
	statsWantInterval(t, "relative lift", c.RelativeLift, 1.2191331224956383, 0.7185986441388175, 1.865446119227514, 1e-9)
	if c.Exposed != 1589 || c.Unexposed != 1565 {
		t.Errorf("group sizes %d, %d; want 1589, 1565", c.Exposed, c.Unexposed)
	}
}

// Newcombe, "Interval estimation for the difference between independent
// proportions: comparison of eleven methods", Statistics in Medicine 17
// (1998) 873–890, Table II, method 10 (score, no continuity correction), to
// the four decimals published. Examples (e) and (f) have zero cells, where
// the Wald interval degenerates.
func TestCompareNewcombeIntervalPublished(t *testing.T) {
	tests := []struct {
		name                string
		a, n1, c, n0        int64
		estimate, low, high float64
	}{
		{"(a) 56/70 − 48/80", 56, 70, 48, 80, 0.2, 0.0524, 0.3339},
		{"(b) 9/10 − 3/10", 9, 10, 3, 10, 0.6, 0.1705, 0.8090},
		{"(d) 5/56 − 0/29", 5, 56, 0, 29, 5.0 / 56, -0.0381, 0.1926},
		{"(e) 0/10 − 0/20", 0, 10, 0, 20, 0, -0.1611, 0.2775},
		{"(f) 10/10 − 0/20", 10, 10, 0, 20, 1, 0.6791, 1.0000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := analytics.Compare(statsTable(tt.a, tt.n1-tt.a, tt.c, tt.n0-tt.c))
			statsWantInterval(t, "risk difference", c.RiskDifference, tt.estimate, tt.low, tt.high, 5e-5)
		})
	}
}

// Zero cells are reported as not estimable (Defined false) rather than
// patched with a 0.5 continuity correction; Estimate keeps a finite point
// estimate, and Low/High stay 0 so a careless reader sees no fake interval.
func TestCompareZeroCells(t *testing.T) {
	undefined := analytics.Interval{}
	tests := []struct {
		name       string
		table      analytics.Table
		rr, lift   analytics.Interval
		rdDefined  bool
		rdEstimate float64
	}{
		{"no exposed outcomes: RR 0, lift −100%", statsTable(0, 50, 5, 45), analytics.Interval{Estimate: 0}, analytics.Interval{Estimate: -1}, true, -0.1},
		{"no unexposed outcomes: RR infinite", statsTable(5, 45, 0, 50), undefined, undefined, true, 0.1},
		{"no outcomes at all: RR 0/0", statsTable(0, 50, 0, 50), undefined, undefined, true, 0},
		{"everyone reached it: zero standard error", statsTable(10, 0, 20, 0), analytics.Interval{Estimate: 1}, analytics.Interval{Estimate: 0}, true, 0},
		{"nobody exposed", statsTable(0, 0, 5, 45), undefined, undefined, false, 0},
		{"nobody unexposed", statsTable(5, 45, 0, 0), undefined, undefined, false, 0},
		{"a negative count is no table", statsTable(5, -1, 5, 45), undefined, undefined, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := analytics.Compare(tt.table)
			if c.RiskRatio != tt.rr {
				t.Errorf("risk ratio %+v, want %+v", c.RiskRatio, tt.rr)
			}
			if c.RelativeLift != tt.lift {
				t.Errorf("relative lift %+v, want %+v", c.RelativeLift, tt.lift)
			}
			rd := c.RiskDifference
			if rd.Defined != tt.rdDefined || math.Abs(rd.Estimate-tt.rdEstimate) > 1e-12 {
				t.Errorf("risk difference %+v, want estimate %v defined %v", rd, tt.rdEstimate, tt.rdDefined)
			}
			if !rd.Defined && (rd.Low != 0 || rd.High != 0) {
				t.Errorf("undefined risk difference has bounds %+v", rd)
			}
		})
	}
}

func TestCompareEmptyGroupRateIsZero(t *testing.T) {
	c := analytics.Compare(analytics.Table{UnexposedOutcome: 3, UnexposedNone: 7})
	if c.Exposed != 0 || c.ExposedRate != 0 || c.Unexposed != 10 || c.UnexposedRate != 0.3 {
		t.Errorf("got %+v", c)
	}
}

// Properties over random tables, including small ones where zero cells are
// common.
func TestCompareProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		tbl := statsRandomTable(r, 1+r.Int64N(300))
		c := analytics.Compare(tbl)
		swapped := analytics.Compare(analytics.Table{
			ExposedOutcome: tbl.UnexposedOutcome, ExposedNone: tbl.UnexposedNone,
			UnexposedOutcome: tbl.ExposedOutcome, UnexposedNone: tbl.ExposedNone,
		})
		for _, iv := range []analytics.Interval{c.RiskRatio, c.RelativeLift, c.RiskDifference} {
			if iv.Defined && !(iv.Low <= iv.Estimate && iv.Estimate <= iv.High && iv.Low < iv.High) {
				t.Fatalf("%+v: interval %+v does not contain its estimate", tbl, iv)
			}
		}
		if c.RiskRatio.Defined != swapped.RiskRatio.Defined || c.RiskDifference.Defined != swapped.RiskDifference.Defined {
			t.Fatalf("%+v: swapping the groups changed what is estimable", tbl)
		}
		if rr, inv := c.RiskRatio, swapped.RiskRatio; rr.Defined {
			if !statsClose(inv.Estimate, 1/rr.Estimate, 1e-9) || !statsClose(inv.Low, 1/rr.High, 1e-9) || !statsClose(inv.High, 1/rr.Low, 1e-9) {
				t.Fatalf("%+v: RR %+v, swapped %+v is not its inverse", tbl, rr, inv)
			}
		}
		if rd, neg := c.RiskDifference, swapped.RiskDifference; rd.Defined {
			if !statsClose(neg.Estimate, -rd.Estimate, 1e-12) || !statsClose(neg.Low, -rd.High, 1e-12) || !statsClose(neg.High, -rd.Low, 1e-12) {
				t.Fatalf("%+v: RD %+v, swapped %+v is not its negation", tbl, rd, neg)
			}
			if rd.Low < -1 || rd.High > 1 {
				t.Fatalf("%+v: RD interval %+v leaves [−1, 1]", tbl, rd)
			}
		}
		if c.RiskRatio.Defined && (c.RelativeLift.Low != c.RiskRatio.Low-1 || c.RelativeLift.High != c.RiskRatio.High-1) {
			t.Fatalf("%+v: lift %+v is not RR %+v − 1", tbl, c.RelativeLift, c.RiskRatio)
		}
	}
}

// statsRandomTable splits n prospects at random; a fifth of the time one rate
// is pushed to 0 or 1 so that zero cells are well represented.
func statsRandomTable(r *rand.Rand, n int64) analytics.Table {
	n1 := r.Int64N(n + 1)
	n0 := n - n1
	p1, p0 := r.Float64(), r.Float64()
	switch r.IntN(10) {
	case 0:
		p1 = 0
	case 1:
		p0 = 1
	}
	a, c := statsBinomial(r, n1, p1), statsBinomial(r, n0, p0)
	return analytics.Table{ExposedOutcome: a, ExposedNone: n1 - a, UnexposedOutcome: c, UnexposedNone: n0 - c}
}

// statsTable builds a table from its cells in reading order: exposed with
// and without the outcome, then unexposed with and without it.
func statsTable(a, b, c, d int64) analytics.Table {
	return analytics.Table{ExposedOutcome: a, ExposedNone: b, UnexposedOutcome: c, UnexposedNone: d}
}

func statsBinomial(r *rand.Rand, n int64, p float64) int64 {
	var k int64
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

// statsClose compares with a tolerance relative to the larger magnitude (and
// absolute near zero).
func statsClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want), math.Abs(got))
}

func statsWant(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !statsClose(got, want, tol) {
		t.Errorf("%s = %.10g, want %.10g", what, got, want)
	}
}

func statsWantInterval(t *testing.T, what string, got analytics.Interval, estimate, low, high, tol float64) {
	t.Helper()
	if !got.Defined {
		t.Errorf("%s is not defined: %+v", what, got)
		return
	}
	statsWant(t, what+" estimate", got.Estimate, estimate, tol)
	statsWant(t, what+" low", got.Low, low, tol)
	statsWant(t, what+" high", got.High, high, tol)
}
