package analytics

import "math"

// timeDecayWeights gives each touch a weight proportional to
// 2^(-age/halfLife), where age is how long before the conversion it happened.
//
// Ages are measured from the latest touch rather than from the conversion: the
// common factor cancels when the weights are normalised, and the latest touch
// then weighs exactly 1, so the sum is at least 1 even when older touches
// underflow to 0 (a short half-life over a long window).
func timeDecayWeights(w []float64, touches []Touch, halfLifeDays float64) {
	latest := touches[0].At
	for _, t := range touches[1:] {
		if t.At.After(latest) {
			latest = t.At
		}
	}
	// 2^(-a/h) = e^(-a·ln2/h); math.Exp is the faster of the two. Ages are
	// whole seconds plus nanoseconds, which time.Time gives without the
	// overflow checks of Sub.
	// A half-life so short that the rate overflows would turn the latest
	// touch's 0·Inf into NaN; the largest finite rate gives it 1, the rest 0.
	rate := math.Min(math.Ln2/(halfLifeDays*86400), math.MaxFloat64)
	sec, nsec := latest.Unix(), latest.Nanosecond()
	sum := 0.0
	for i, t := range touches {
		age := float64(sec-t.At.Unix()) + float64(nsec-t.At.Nanosecond())/1e9
		w[i] = math.Exp(-age * rate)
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
}
