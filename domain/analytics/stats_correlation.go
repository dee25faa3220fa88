package analytics

import "math"

// LagCorrelation is the Pearson correlation between an outside metric and an
// outcome series Lag periods later, over the N periods where both are known.
//
// R is set whenever it exists (two or more pairs, neither side constant).
// Low and High are its 95% interval by Fisher's z transformation,
// tanh(atanh R ± z/√(N−3)), which needs N ≥ 4; Defined is false otherwise.
// The interval matters more than R here: twelve weeks of share of voice give
// an interval too wide to act on, and the report should say so.
type LagCorrelation struct {
	Lag       int
	N         int
	R         float64
	Low, High float64
	Defined   bool
}

// LaggedCorrelations correlates metric with outcome at lags 0 to maxLag (none
// when maxLag is negative). Lag k pairs metric[t] with outcome[t+k]: the
// metric leads by k periods, as share of voice would lead pipeline created.
// The two series are indexed by the same periods and may differ in length. A
// pair with a value that is not finite on either side is skipped: NaN marks a
// missing week, and filling it in would invent data.
//
// A correlation that peaks at some lag is a lead worth investigating, not a
// proof of cause: both series may follow the season.
func LaggedCorrelations(metric, outcome []float64, maxLag int) []LagCorrelation {
	if maxLag < 0 {
		return nil
	}
	out := make([]LagCorrelation, 0, maxLag+1)
	xs := make([]float64, 0, len(metric))
	ys := make([]float64, 0, len(metric))
	for k := 0; k <= maxLag; k++ {
		xs, ys = xs[:0], ys[:0]
		for t := 0; t < len(metric) && t+k < len(outcome); t++ {
			x, y := metric[t], outcome[t+k]
			if finite(x) && finite(y) {
				xs, ys = append(xs, x), append(ys, y)
			}
		}
		out = append(out, correlate(k, xs, ys))
	}
	return out
}

func correlate(lag int, xs, ys []float64) LagCorrelation {
	c := LagCorrelation{Lag: lag, N: len(xs)}
	if len(xs) < 2 || constant(xs) || constant(ys) {
		return c
	}
	c.R = pearson(xs, ys)
	if c.N < 4 {
		return c
	}
	z, se := math.Atanh(c.R), 1/math.Sqrt(float64(c.N-3))
	// At R = ±1, atanh is ±Inf and tanh brings both bounds back to ±1.
	c.Low, c.High, c.Defined = math.Tanh(z-z95*se), math.Tanh(z+z95*se), true
	return c
}

// pearson centres on the means before multiplying (two passes), which keeps
// precision when the values are large and close together, as weekly revenue
// totals often are.
func pearson(xs, ys []float64) float64 {
	mx, my := mean(xs), mean(ys)
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	// Rounding can push a perfect correlation a hair past ±1.
	return max(-1, min(1, sxy/(math.Sqrt(sxx)*math.Sqrt(syy))))
}

func mean(vs []float64) float64 {
	var s float64
	for _, v := range vs {
		s += v
	}
	return s / float64(len(vs))
}

// constant is checked exactly rather than through a zero variance: the mean
// of equal values can round away from them, leaving a tiny variance and a
// meaningless R.
func constant(vs []float64) bool {
	for _, v := range vs[1:] {
		if v != vs[0] {
			return false
		}
	}
	return true
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
