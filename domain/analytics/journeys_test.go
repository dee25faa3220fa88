package analytics_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// journeyDay0 is when the test journeys start.
var journeyDay0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func onDay(d float64) time.Time { return journeyDay0.Add(time.Duration(d * float64(24*time.Hour))) }

// path is a converted journey through groups, one touch a day from journeyDay0,
// converting a day after the last touch.
func path(groups ...string) analytics.Journey {
	j := analytics.Journey{Converted: true, ConvertedAt: onDay(float64(len(groups)))}
	for i, g := range groups {
		j.Touches = append(j.Touches, analytics.Touch{Group: g, At: onDay(float64(i))})
	}
	return j
}

// nullPath is path without the conversion.
func nullPath(groups ...string) analytics.Journey {
	j := path(groups...)
	j.Converted = false
	return j
}

// randomPopulation draws n journeys over the groups: 0 to 8 touches each, a
// few repeats of a group in a row, about 60% converted, some with revenue,
// milestones anywhere in the journey or not reached.
func randomPopulation(rng *rand.Rand, n int, groups []string) []analytics.Journey {
	js := make([]analytics.Journey, n)
	for k := range js {
		j := analytics.Journey{ID: fmt.Sprint("p", k), Converted: rng.Float64() < 0.6}
		at := onDay(rng.Float64() * 30)
		for range rng.IntN(9) {
			g := groups[rng.IntN(len(groups))]
			if len(j.Touches) > 0 && rng.IntN(4) == 0 {
				g = j.Touches[len(j.Touches)-1].Group
			}
			if rng.IntN(5) > 0 { // else a tie with the previous touch
				at = at.Add(time.Duration(rng.Float64() * float64(72*time.Hour)))
			}
			j.Touches = append(j.Touches, analytics.Touch{Group: g, At: at})
		}
		j.ConvertedAt = at.Add(time.Duration(rng.Float64() * float64(24*time.Hour)))
		if j.Converted && rng.IntN(2) == 0 {
			j.Revenue = float64(rng.IntN(1_000_000))
		}
		milestone := func() time.Time {
			if rng.IntN(3) == 0 {
				return time.Time{}
			}
			return onDay(rng.Float64()*36 - 3)
		}
		j.LeadAt, j.OpportunityAt, j.WonAt = milestone(), milestone(), milestone()
		js[k] = j
	}
	return js
}

func groupNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("g%02d", i)
	}
	return names
}

func attributeAll(m analytics.Model, p analytics.Params, js []analytics.Journey) (analytics.Result, error) {
	a, err := analytics.NewAttributor(m, p)
	if err != nil {
		return analytics.Result{}, err
	}
	for _, j := range js {
		a.Add(j)
	}
	return a.Result(), nil
}

// creditsClose compares credits relative to their size, with an absolute
// floor for values near zero.
func creditsClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}
