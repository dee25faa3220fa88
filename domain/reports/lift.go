package reports

import (
	"context"
	"errors"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// ObservationalNote is said with every lift: the report compares groups that
// chose or were chosen differently, it does not randomise.
const ObservationalNote = "Observational: exposed and unexposed prospects may differ in other ways than the exposure. " +
	"This shows association, not proof that the exposure caused the outcome; the stratified estimate removes only " +
	"the differences between the chosen segments."

// LiftQuery is a lift report's filters.
type LiftQuery struct {
	Period       Period
	ExposureType tracking.TouchpointType // or
	CampaignID   string
	Outcome      crm.Phase
	Stratify     Split
}

// LiftStore counts prospects by exposure and outcome.
type LiftStore interface {
	// LiftCounts counts prospects opened in the period by segment, exposure
	// (Key "1" exposed, "0" not) and outcome (N split as Count's N with
	// Outcome true or false): a prospect is exposed when a matching touch of
	// its contacts or account happened before its first entry into one of
	// outcomeStageIDs (or at any time, when it never entered one).
	LiftCounts(ctx context.Context, ws string, q LiftQuery, outcomeStageIDs []string) ([]LiftCount, error)
	// CampaignName returns a campaign's name, or ErrNotFound.
	CampaignName(ctx context.Context, ws, id string) (string, error)
}

// LiftCount is how many prospects of a segment had an exposure and outcome.
type LiftCount struct {
	Segment          string
	Exposed, Outcome bool
	N                int64
}

// Stratum is one segment's table.
type Stratum struct {
	Key        string
	Table      analytics.Table
	Comparison analytics.Comparison
}

// Lift is the lift report.
type Lift struct {
	Query      LiftQuery
	Exposure   string
	Table      analytics.Table
	Crude      analytics.Comparison
	Stratified *analytics.Stratified
	Strata     []Stratum
	Note       string
}

// NewLiftQuery checks a lift report's filters.
func NewLiftQuery(p Period, exposureType, campaignID, outcome, stratify string) (LiftQuery, error) {
	q := LiftQuery{Period: p, ExposureType: tracking.TouchpointType(exposureType), CampaignID: campaignID, Outcome: crm.Phase(outcome)}
	v := &domain.ValidationError{}
	switch {
	case exposureType == "" && campaignID == "":
		v.Add("exposure_type", "required", "give an exposure_type or an exposure_campaign_id")
	case exposureType != "" && campaignID != "":
		v.Add("exposure_type", "conflict", "give an exposure_type or an exposure_campaign_id, not both")
	case exposureType != "" && !q.ExposureType.Valid():
		v.Add("exposure_type", "invalid", "unknown touchpoint type")
	case campaignID != "" && !domain.ValidID(campaignID):
		v.Add("exposure_campaign_id", "invalid_id", "must be a UUID")
	}
	if q.Outcome == "" {
		q.Outcome = crm.PhaseWon
	}
	if !q.Outcome.Valid() || q.Outcome == crm.PhaseLead {
		v.Add("outcome", "invalid", "must be a phase after lead: qualified, opportunity, won, lost, customer or churned")
	}
	var err error
	q.Stratify, err = ParseSplit("stratify_by", stratify)
	return q, joinValidation(v.Err(), err)
}

// Lift compares the outcome rate of prospects exposed before the outcome with
// those not exposed, crude and stratified (Cochran–Mantel–Haenszel).
func (s *Service) Lift(ctx context.Context, p auth.Principal, q LiftQuery) (Lift, error) {
	if err := readable(p); err != nil {
		return Lift{}, err
	}
	l := Lift{Query: q, Note: ObservationalNote, Exposure: "type:" + string(q.ExposureType)}
	if q.CampaignID != "" {
		name, err := s.st.CampaignName(ctx, p.WorkspaceID, q.CampaignID)
		if errors.Is(err, domain.ErrNotFound) {
			return Lift{}, domain.Invalid("exposure_campaign_id", "not_found", "no such campaign in this workspace")
		} else if err != nil {
			return Lift{}, err
		}
		l.Exposure = "campaign:" + name
	}
	stages, err := s.st.Stages(ctx, p.WorkspaceID)
	if err != nil {
		return Lift{}, err
	}
	counts, err := s.st.LiftCounts(ctx, p.WorkspaceID, q, outcomeStages(stages, q.Outcome))
	if err != nil {
		return Lift{}, err
	}
	strata := map[string]*analytics.Table{}
	var keys []string
	for _, c := range counts {
		t := strata[c.Segment]
		if t == nil {
			t = &analytics.Table{}
			strata[c.Segment] = t
			keys = append(keys, c.Segment)
		}
		addCell(t, c)
		addCell(&l.Table, c)
	}
	l.Crude = analytics.Compare(l.Table)
	if q.Stratify == SplitNone {
		return l, nil
	}
	tables := make([]analytics.Table, 0, len(keys))
	for _, k := range keys {
		t := *strata[k]
		tables = append(tables, t)
		l.Strata = append(l.Strata, Stratum{Key: k, Table: t, Comparison: analytics.Compare(t)})
	}
	mh := analytics.MantelHaenszel(tables)
	l.Stratified = &mh
	return l, nil
}

func addCell(t *analytics.Table, c LiftCount) {
	switch {
	case c.Exposed && c.Outcome:
		t.ExposedOutcome += c.N
	case c.Exposed:
		t.ExposedNone += c.N
	case c.Outcome:
		t.UnexposedOutcome += c.N
	default:
		t.UnexposedNone += c.N
	}
}

// outcomeStages are the stages whose entry means the outcome phase was
// reached: on the main line that phase or any later one (a won prospect
// reached opportunity), for an exit only that phase.
func outcomeStages(stages []crm.Stage, outcome crm.Phase) []string {
	var ids []string
	rank := phaseRank(outcome)
	for _, s := range stages {
		if (rank > 0 && phaseRank(s.Phase) >= rank) || (rank == 0 && s.Phase == outcome) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}
