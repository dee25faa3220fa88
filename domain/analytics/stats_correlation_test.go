package analytics_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// Anscombe, "Graphs in Statistical Analysis", The American Statistician 27
// (1973), dataset I: the published correlation is 0.816. By hand, Fisher's z
// with n = 11:
//
//	z = atanh(0.8164205) = 1.1459877; half-width = 1.959964/√8 = 0.6929519
//	CI = tanh(0.4530358), tanh(1.8389396) = 0.4243912, 0.9506933
//
// Cross-checked with Python's standard library:
//
//	r = statistics.correlation(x, y); z = NormalDist().inv_cdf(0.975)
//	r, tanh(atanh(r) - z/sqrt(8)), tanh(atanh(r) + z/sqrt(8))
//	→ 0.81642051634484, 0.4243912133932168, 0.9506932537865606
func TestLaggedCorrelationsAnscombe(t *testing.T) {
	x := []float64{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5}
	y := []float64{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68}
	got := analytics.LaggedCorrelations(x, y, 0)
	if len(got) != 1 {
		t.Fatalf("got %d lags, want 1", len(got))
	}
	c := got[0]
	if c.Lag != 0 || c.N != 11 || !c.Defined {
		t.Fatalf("got %+v", c)
	}
	statsWant(t, "R", c.R, 0.81642051634484, 1e-12)
	statsWant(t, "low", c.Low, 0.4243912133932168, 1e-9)
	statsWant(t, "high", c.High, 0.9506932537865606, 1e-9)
}

// Which pairs each lag uses: metric[t] with outcome[t+k], skipping the week
// where the metric is missing, over series of different lengths. R and its
// interval for each lag's pairs come from Python:
//
//	statistics.correlation(xs, ys); tanh(atanh(r) ∓ z/sqrt(n-3))
func TestLaggedCorrelationsPairing(t *testing.T) {
	metric := []float64{1, 3, 2, 5, 4, math.NaN(), 6, 8}
	outcome := []float64{2, 1, 4, 3, 6, 5, 8}
	want := []analytics.LagCorrelation{
		// (1,2) (3,1) (2,4) (5,3) (4,6) (6,8)
		{Lag: 0, N: 6, R: 0.6559360493526302, Low: -0.33276882018633364, High: 0.95768870040759, Defined: true},
		// (1,1) (3,4) (2,3) (5,6) (4,5)
		{Lag: 1, N: 5, R: 0.9863939238321437, Low: 0.802599793166058, High: 0.9991434933863064, Defined: true},
		// (1,4) (3,3) (2,6) (5,5) (4,8)
		{Lag: 2, N: 5, R: 0.3287979746107146, Low: -0.7796290161610713, High: 0.9387460007227115, Defined: true},
		// (1,3) (3,6) (2,5) (5,8): the fewest pairs with an interval
		{Lag: 3, N: 4, R: 0.9844951849708403, Low: 0.4349784562622447, High: 0.9996899896980251, Defined: true},
		// (1,6) (3,5) (2,8): R exists, its interval does not
		{Lag: 4, N: 3, R: -0.3273268353539886},
		// (1,5) (3,8): two points always line up
		{Lag: 5, N: 2, R: 1},
		{Lag: 6, N: 1},
		{Lag: 7, N: 0},
		{Lag: 8, N: 0},
	}
	got := analytics.LaggedCorrelations(metric, outcome, 8)
	if len(got) != len(want) {
		t.Fatalf("got %d lags, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Lag != w.Lag || g.N != w.N || g.Defined != w.Defined ||
			!statsClose(g.R, w.R, 1e-12) || !statsClose(g.Low, w.Low, 1e-9) || !statsClose(g.High, w.High, 1e-9) {
			t.Errorf("lag %d: got %+v, want %+v", w.Lag, g, w)
		}
	}
}

func TestLaggedCorrelationsUndefined(t *testing.T) {
	tests := []struct {
		name            string
		metric, outcome []float64
	}{
		{"constant metric", []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, []float64{1, 2, 3, 4, 5, 6}},
		{"constant outcome", []float64{1, 2, 3, 4, 5, 6}, []float64{7, 7, 7, 7, 7, 7}},
		{"constant once the missing week is skipped", []float64{1, 2, 3, 4, 5, 6}, []float64{7, 7, math.NaN(), 7, 7, 7}},
		{"three weeks", []float64{1, 2, 3}, []float64{3, 1, 2}},
		{"no outcome yet", []float64{1, 2, 3, 4, 5}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := analytics.LaggedCorrelations(tt.metric, tt.outcome, 0)[0]
			if c.Defined || c.Low != 0 || c.High != 0 {
				t.Errorf("got %+v, want no interval", c)
			}
			if tt.name != "three weeks" && c.R != 0 {
				t.Errorf("R = %v for a constant or empty side, want 0", c.R)
			}
		})
	}
	if got := analytics.LaggedCorrelations([]float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, -1); got != nil {
		t.Errorf("negative maxLag: got %+v, want none", got)
	}
}

// An outcome that copies the metric k periods later (scaled and shifted, so
// not trivially equal) correlates perfectly at lag k and less at every other
// lag, whatever the length and the lag.
func TestLaggedCorrelationsPeakAtTheShift(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	for range 300 {
		n, k := 30+r.IntN(80), r.IntN(8)
		metric := make([]float64, n)
		for i := range metric {
			metric[i] = r.NormFloat64()
		}
		outcome := make([]float64, n)
		for i := range outcome {
			if i < k {
				outcome[i] = math.NaN() // weeks before the metric was measured
			} else {
				outcome[i] = 250*metric[i-k] + 1e4
			}
		}
		lags := analytics.LaggedCorrelations(metric, outcome, 10)
		if !statsClose(lags[k].R, 1, 1e-12) || lags[k].N != n-k || !lags[k].Defined {
			t.Fatalf("n %d, shift %d: lag %d is %+v, want R 1 over %d pairs", n, k, k, lags[k], n-k)
		}
		for _, c := range lags {
			if c.Lag != k && c.R >= lags[k].R-1e-6 {
				t.Fatalf("n %d, shift %d: lag %d has R %v, not below the peak", n, k, c.Lag, c.R)
			}
		}
	}
}

// R does not depend on units or offsets: a positive affine change of either
// side leaves it alone and a negative one flips its sign. The large offsets
// mimic weekly totals that vary little around a big level, where the
// one-pass formula Σxy − n·x̄·ȳ loses most of its significant figures.
func TestLaggedCorrelationsIgnoreUnits(t *testing.T) {
	x := []float64{10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5}
	y := []float64{8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68}
	want := analytics.LaggedCorrelations(x, y, 0)[0]
	r := rand.New(rand.NewPCG(35, 36))
	for range 500 {
		scaleX, scaleY := math.Pow(10, float64(r.IntN(13)-6)), math.Pow(10, float64(r.IntN(13)-6))
		sign := 1.0
		if r.IntN(2) == 0 {
			scaleY, sign = -scaleY, -1
		}
		// Offsets up to a million times the spread still leave ten
		// significant digits of variation in each float64.
		offset := math.Pow(10, float64(r.IntN(7)))
		xs, ys := make([]float64, len(x)), make([]float64, len(y))
		for i := range x {
			xs[i], ys[i] = scaleX*(x[i]+offset), scaleY*(y[i]-offset)
		}
		got := analytics.LaggedCorrelations(xs, ys, 0)[0]
		if !got.Defined || !statsClose(got.R, sign*want.R, 1e-8) {
			t.Fatalf("(x + %g)·%g, (y − %g)·%g: R %+v, want %v", offset, scaleX, offset, scaleY, got, sign*want.R)
		}
	}
}

// R stays in [−1, 1] and inside its interval, including nearly collinear
// series where rounding could push it past ±1.
func TestLaggedCorrelationsBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	for range 2000 {
		n := r.IntN(30)
		metric, outcome := make([]float64, n), make([]float64, n)
		slope, noise := r.NormFloat64(), math.Pow(10, -float64(r.IntN(16)))
		for i := range n {
			metric[i] = 1e6 + r.Float64()
			outcome[i] = slope*metric[i] + noise*r.NormFloat64()
			if r.IntN(10) == 0 {
				outcome[i] = math.NaN()
			}
		}
		for _, c := range analytics.LaggedCorrelations(metric, outcome, 3) {
			if c.R < -1 || c.R > 1 || math.IsNaN(c.R) {
				t.Fatalf("R %v out of range: %+v", c.R, c)
			}
			if c.Defined && !(c.Low <= c.R && c.R <= c.High && c.Low >= -1 && c.High <= 1) {
				t.Fatalf("interval does not contain R: %+v", c)
			}
		}
	}
}
