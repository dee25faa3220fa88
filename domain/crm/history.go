package crm

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// MoveInput is a move of a prospect to another stage.
type MoveInput struct {
	StageID    string
	LostReason string
	// OccurredAt dates the move in the past (history import); default now.
	OccurredAt domain.Optional[time.Time]
	// Amount sets the amount won; only with a won-phase stage.
	Amount domain.Optional[int64]
}

// historyTime resolves a client-given time for a record of what happened:
// now when none is given; otherwise the caller must be allowed to import
// history and the time must not be in the future.
func historyTime(p auth.Principal, v *domain.ValidationError, field string, at domain.Optional[time.Time], now time.Time) (time.Time, error) {
	if !at.Set || at.Null {
		return now, nil
	}
	if err := p.CanImportHistory(); err != nil {
		return time.Time{}, err
	}
	if at.Value.After(now.Add(domain.MaxFutureSkew)) {
		v.Add(field, "in_future", "must not be later than now (a clock up to %s fast is forgiven)", domain.MaxFutureSkew)
	}
	if at.Value.Year() < 1970 {
		v.Add(field, "out_of_range", "must be 1970 or later")
	}
	return at.Value.UTC(), nil
}
