package reports

import (
	"context"
	"errors"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// AttributionQuery is an attribution report's filters.
type AttributionQuery struct {
	Model        analytics.Model
	Params       analytics.Params
	Journeys     JourneyQuery
	HalfLifeDays float64
}

// AttributionInput is an attribution report's raw filters.
type AttributionInput struct {
	Period       Period
	Model        string
	Conversion   string
	GroupBy      string
	LookbackDays *int
	HalfLifeDays *float64
	Currency     string
}

// NewAttributionQuery checks an attribution report's filters.
func NewAttributionQuery(in AttributionInput) (AttributionQuery, error) {
	q := AttributionQuery{Model: defaultModel, HalfLifeDays: DefaultHalfLifeDays}
	var errs []error
	if in.Model != "" {
		m, err := analytics.ParseModel(in.Model)
		errs, q.Model = append(errs, err), m
	}
	c, err := parseConversion(in.Conversion)
	errs = append(errs, err)
	g, err := parseGroupBy(in.GroupBy)
	errs = append(errs, err)
	lookback := DefaultLookback
	if in.LookbackDays != nil {
		lookback = *in.LookbackDays
		if lookback < 1 || lookback > MaxLookback {
			errs = append(errs, domain.Invalid("lookback_days", "out_of_range", "must be 1 to %d", MaxLookback))
		}
	}
	if in.HalfLifeDays != nil {
		q.HalfLifeDays = *in.HalfLifeDays
		if !(q.HalfLifeDays > 0 && q.HalfLifeDays <= 365) {
			errs = append(errs, domain.Invalid("half_life_days", "out_of_range", "must be more than 0 and at most 365"))
		}
	}
	q.Params = analytics.Params{HalfLifeDays: q.HalfLifeDays}
	q.Journeys = JourneyQuery{Period: in.Period, Conversion: c, GroupBy: g, LookbackDays: lookback, Currency: in.Currency}
	return q, joinValidation(errs...)
}

// Attribution is the attribution report.
type Attribution struct {
	Query    AttributionQuery
	Currency string
	Result   analytics.Result
}

// Attribution credits the conversions in the period to groups under the
// query's model. markov and shapley also read the journeys that did not
// convert (their null paths).
func (s *Service) Attribution(ctx context.Context, p auth.Principal, q AttributionQuery) (Attribution, error) {
	if err := readable(p); err != nil {
		return Attribution{}, err
	}
	cur, err := s.currency(ctx, p.WorkspaceID, q.Journeys.Currency)
	if err != nil {
		return Attribution{}, err
	}
	q.Journeys.Currency = cur
	res, err := s.attribute(ctx, p.WorkspaceID, q)
	return Attribution{Query: q, Currency: cur, Result: res}, err
}

func (s *Service) attribute(ctx context.Context, ws string, q AttributionQuery) (analytics.Result, error) {
	a, err := analytics.NewAttributor(q.Model, q.Params)
	if err != nil {
		return analytics.Result{}, err
	}
	jq := q.Journeys
	// Only markov reads the journeys that did not convert (its null paths).
	jq.WithNull = q.Model == analytics.Markov
	err = s.st.Journeys(ctx, ws, jq, func(j analytics.Journey, _ []JourneyTouch) error {
		a.Add(j)
		return nil
	})
	return a.Result(), err
}

// Role names a touch's place in a journey.
type Role string

const (
	RoleFirst       Role = "first"
	RoleLast        Role = "last"
	RoleLead        Role = "lead"
	RoleOpportunity Role = "opportunity"
	RoleWon         Role = "won"
)

// CreditedTouch is one touch of a drill-down with its credit.
type CreditedTouch struct {
	JourneyTouch
	Group      string
	Roles      []Role
	Conversion float64
	Revenue    float64
}

// Drilldown is one prospect's journey under a model.
type Drilldown struct {
	Query       AttributionQuery
	Currency    string
	ProspectID  string
	Converted   bool
	ConvertedAt *time.Time
	Revenue     int64
	Touches     []CreditedTouch
}

// Drilldown explains one prospect's credit. Its journey ends at its
// conversion whenever that happened (or now, unconverted, with no credit);
// markov and shapley are fitted on the period's journeys first.
func (s *Service) Drilldown(ctx context.Context, p auth.Principal, prospectID string, q AttributionQuery) (Drilldown, error) {
	if err := readable(p); err != nil {
		return Drilldown{}, err
	}
	if !domain.ValidID(prospectID) {
		return Drilldown{}, domain.ErrNotFound
	}
	cur, err := s.currency(ctx, p.WorkspaceID, q.Journeys.Currency)
	if err != nil {
		return Drilldown{}, err
	}
	q.Journeys.Currency = cur
	var fitted analytics.Result
	if !q.Model.Rule() {
		if fitted, err = s.attribute(ctx, p.WorkspaceID, q); err != nil {
			return Drilldown{}, err
		}
	}
	jq := q.Journeys
	jq.ProspectID, jq.Details, jq.WithNull = prospectID, true, true
	d := Drilldown{Query: q, Currency: cur, ProspectID: prospectID}
	found := false
	err = s.st.Journeys(ctx, p.WorkspaceID, jq, func(j analytics.Journey, touches []JourneyTouch) error {
		found = true
		d.Converted, d.Revenue = j.Converted, int64(j.Revenue)
		if j.Converted {
			at := j.ConvertedAt
			d.ConvertedAt = &at
		}
		credits, err := analytics.Explain(q.Model, q.Params, fitted, j)
		if err != nil {
			return err
		}
		roles := roles(j)
		for i, t := range touches {
			ct := CreditedTouch{JourneyTouch: t, Group: j.Touches[i].Group, Roles: roles[i]}
			if j.Converted && i < len(credits) {
				ct.Conversion, ct.Revenue = credits[i].Conversion, credits[i].Revenue
			}
			d.Touches = append(d.Touches, ct)
		}
		return nil
	})
	if err == nil && !found {
		err = domain.ErrNotFound
	}
	return d, err
}

// roles marks the first and last touch and the last touch at or before each
// milestone (the touch that "created" the lead, the opportunity, the win).
func roles(j analytics.Journey) [][]Role {
	out := make([][]Role, len(j.Touches))
	if len(j.Touches) == 0 {
		return out
	}
	out[0] = append(out[0], RoleFirst)
	out[len(out)-1] = append(out[len(out)-1], RoleLast)
	for _, m := range []struct {
		at   time.Time
		role Role
	}{{j.LeadAt, RoleLead}, {j.OpportunityAt, RoleOpportunity}, {j.WonAt, RoleWon}} {
		if m.at.IsZero() {
			continue
		}
		last := -1
		for i, t := range j.Touches {
			if !t.At.After(m.at) {
				last = i
			}
		}
		if last >= 0 {
			out[last] = append(out[last], m.role)
		}
	}
	return out
}

// joinValidation merges the field errors of several checks into one
// ValidationError, and passes any other error through.
func joinValidation(errs ...error) error {
	v := &domain.ValidationError{}
	for _, err := range errs {
		var ve *domain.ValidationError
		switch {
		case err == nil:
		case errors.As(err, &ve):
			v.Fields = append(v.Fields, ve.Fields...)
		default:
			return err
		}
	}
	return v.Err()
}
