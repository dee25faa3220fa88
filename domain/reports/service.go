package reports

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// Count is one aggregate a store returns: N prospects in a segment with a
// key (a stage id, a phase, a rank).
type Count struct {
	Segment string
	Key     string
	N       int64
}

// Store reads what reports aggregate. Every method is scoped by workspace.
type Store interface {
	Stages(ctx context.Context, ws string) ([]crm.Stage, error)
	// Currency is the currency most won prospects are in ("" when none).
	Currency(ctx context.Context, ws string) (string, error)
	FunnelStore
	VelocityStore
	JourneyStore
	LiftStore
	ROIStore
	MetricStore
}

// Service answers report requests.
type Service struct {
	st  Store
	now func() time.Time
}

// New returns the reports service.
func New(st Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// readable checks the caller may read reports (any member or key that can
// read records: reports only aggregate them).
func readable(p auth.Principal) error { return p.Can(auth.ActionRead) }

// currency resolves a report's currency: the one asked for, else the one
// most won prospects are in, else crm.DefaultCurrency.
func (s *Service) currency(ctx context.Context, ws, asked string) (string, error) {
	if asked != "" {
		return asked, nil
	}
	c, err := s.st.Currency(ctx, ws)
	if err != nil || c != "" {
		return c, err
	}
	return crm.DefaultCurrency, nil
}
