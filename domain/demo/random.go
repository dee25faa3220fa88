package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

const day = 24 * time.Hour

// Times are kept to the microsecond, the precision both databases store, so
// a row read back equals the plan's.

// between is a uniform instant in [a, b]; a when b is not after a.
func between(r *rand.Rand, a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(r.Float64() * float64(b.Sub(a)))).Truncate(time.Microsecond)
}

// days is a duration of d days to the microsecond.
func days(d float64) time.Duration {
	return time.Duration(d * float64(day)).Truncate(time.Microsecond)
}

// firstVisit is when a newcomer first visits: across the window, a little
// more often lately (the density rises linearly from 0.7 to 1.3), so the
// traffic grows; never in the last two days, so every journey has begun.
// A chunk draws from its own slice [lo, hi) of the distribution, so chunks
// are slices of time that together follow it (see Plan.Chunk).
func (b *builder) firstVisit() time.Time {
	u := b.lo + (b.hi-b.lo)*b.r.Float64()
	x := (math.Sqrt(0.49+1.2*u) - 0.7) / 0.6 // inverts F(x) = 0.7x + 0.3x²
	p := b.p
	return p.start.Add(time.Duration(x * float64(p.Config.Now.Sub(p.start)-2*day))).Truncate(time.Microsecond)
}

// lag is how long after a first visit a person fills in the form that
// makes them a contact: three days on average, at most two weeks.
func lag(r *rand.Rand) time.Duration { return days(min(r.ExpFloat64()*3, 14)) }

// cycle is how long a prospect takes to be decided: log-normal around a
// month, 4 to 180 days. It is drawn alone, so it depends on nothing else.
func cycle(r *rand.Rand) time.Duration {
	return days(min(max(math.Exp(math.Log(30)+0.7*r.NormFloat64()), 4), 180))
}

// poisson draws a count with mean lambda (Knuth's method; lambda is small).
func poisson(r *rand.Rand, lambda float64) int {
	limit, k, prod := math.Exp(-lambda), 0, r.Float64()
	for prod > limit {
		k++
		prod *= r.Float64()
	}
	return k
}

func sortTimes(ts []time.Time) { slices.SortFunc(ts, time.Time.Compare) }
