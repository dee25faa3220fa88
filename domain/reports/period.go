package reports

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// DefaultPeriodDays is the span of a report without a from date.
const DefaultPeriodDays = 90

// MaxPeriodDays bounds a report's span so one request cannot ask for all of
// history at once (three years covers any B2B sales cycle we report on).
const MaxPeriodDays = 3 * 366

const day = 24 * time.Hour

// Period is a report's date range as [From, To): From is the first day's
// midnight UTC and To the midnight after the last day.
type Period struct {
	From, To time.Time
}

// NewPeriod reads a report's from and to days (both included, UTC). The
// defaults are the last DefaultPeriodDays days up to today.
func NewPeriod(from, to *time.Time, now time.Time) (Period, error) {
	last := midnight(now)
	if to != nil {
		last = midnight(*to)
	}
	first := last.AddDate(0, 0, -(DefaultPeriodDays - 1))
	if from != nil {
		first = midnight(*from)
	}
	v := &domain.ValidationError{}
	switch {
	case first.After(last):
		v.Add("from", "after_to", "from must not be after to")
	case last.Sub(first) >= MaxPeriodDays*day:
		v.Add("from", "too_long", "a report spans at most %d days", MaxPeriodDays)
	}
	if first.Year() < 1970 {
		v.Add("from", "out_of_range", "must be 1970 or later")
	}
	return Period{From: first, To: last.Add(day)}, v.Err()
}

// LastDay is the last day included.
func (p Period) LastDay() time.Time { return p.To.Add(-day) }

func midnight(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
