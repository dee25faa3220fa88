package reports

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// VelocityStore reads how a cohort moved.
type VelocityStore interface {
	// StageChanges calls fn with the stage changes of prospects opened in
	// the period, grouped by prospect and in time order within each.
	StageChanges(ctx context.Context, ws string, p Period, fn func(prospectID, toStageID string, at time.Time) error) error
	// Closings lists the cohort's closed prospects.
	Closings(ctx context.Context, ws string, p Period) ([]Closing, error)
}

// Closing is a closed prospect's open, first-touch and close times.
type Closing struct {
	Status       crm.Status
	OpenedAt     time.Time
	ClosedAt     time.Time
	FirstTouchAt *time.Time // nil when no touch is known
}

// StageVelocity is the time prospects spent in one stage.
type StageVelocity struct {
	Stage       crm.Stage
	TimeInStage analytics.Distribution
}

// Velocity is the velocity report, in seconds.
type Velocity struct {
	Period          Period
	Stages          []StageVelocity
	FirstTouchToWon analytics.Distribution
	OpenedToWon     analytics.Distribution
	OpenedToClosed  analytics.Distribution
}

// Velocity measures time in each stage (completed stays only: a prospect
// still in a stage has not finished its stay) and from first touch and from
// opening to a win, for prospects opened in the period.
func (s *Service) Velocity(ctx context.Context, p auth.Principal, period Period) (Velocity, error) {
	if err := readable(p); err != nil {
		return Velocity{}, err
	}
	stages, err := s.st.Stages(ctx, p.WorkspaceID)
	if err != nil {
		return Velocity{}, err
	}
	stays := map[string][]float64{}
	var last struct {
		prospect, stage string
		at              time.Time
	}
	err = s.st.StageChanges(ctx, p.WorkspaceID, period, func(prospectID, toStageID string, at time.Time) error {
		if last.prospect == prospectID {
			stays[last.stage] = append(stays[last.stage], at.Sub(last.at).Seconds())
		}
		last.prospect, last.stage, last.at = prospectID, toStageID, at
		return nil
	})
	if err != nil {
		return Velocity{}, err
	}
	closings, err := s.st.Closings(ctx, p.WorkspaceID, period)
	if err != nil {
		return Velocity{}, err
	}
	var touchToWon, openToWon, openToClose []float64
	for _, c := range closings {
		openToClose = append(openToClose, c.ClosedAt.Sub(c.OpenedAt).Seconds())
		if c.Status != crm.StatusWon {
			continue
		}
		openToWon = append(openToWon, c.ClosedAt.Sub(c.OpenedAt).Seconds())
		if c.FirstTouchAt != nil && !c.FirstTouchAt.After(c.ClosedAt) {
			touchToWon = append(touchToWon, c.ClosedAt.Sub(*c.FirstTouchAt).Seconds())
		}
	}
	v := Velocity{
		Period: period, FirstTouchToWon: analytics.Describe(touchToWon),
		OpenedToWon: analytics.Describe(openToWon), OpenedToClosed: analytics.Describe(openToClose),
	}
	pl := NewPipeline(stages)
	for _, st := range append(pl.Main, pl.Exits...) {
		v.Stages = append(v.Stages, StageVelocity{Stage: st, TimeInStage: analytics.Describe(stays[st.ID])})
	}
	return v, nil
}
