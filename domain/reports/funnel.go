package reports

import (
	"context"
	"sort"
	"strconv"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// Basis is how a funnel counts: a cohort of prospects opened in the period
// and what they reached since, or the entries into each stage during it.
type Basis string

const (
	BasisCohort Basis = "cohort"
	BasisPeriod Basis = "period"
)

// FunnelQuery is a funnel's filters.
type FunnelQuery struct {
	Period Period
	Basis  Basis
	Split  Split
}

// FunnelStore aggregates prospects for a funnel.
type FunnelStore interface {
	// FunnelFurthest counts a cohort's prospects by segment and the rank
	// (Key, "0" for none) of the furthest main-line stage each entered.
	FunnelFurthest(ctx context.Context, ws string, q FunnelQuery, mainIDs []string) ([]Count, error)
	// FunnelEntries counts distinct prospects by segment that entered each of
	// stageIDs (Key = stage id): the cohort's ever, or anyone's during the
	// period (basis period). byPhase keys by the stage's phase instead.
	FunnelEntries(ctx context.Context, ws string, q FunnelQuery, stageIDs []string, byPhase bool) ([]Count, error)
	// FunnelProspects counts prospects per segment: the cohort, or those
	// with any stage change in the period.
	FunnelProspects(ctx context.Context, ws string, q FunnelQuery) ([]Count, error)
}

// FunnelStep is one stage or phase of a funnel segment.
type FunnelStep struct {
	StageID      string // empty on a phase row
	Name         string
	Phase        crm.Phase
	Reached      int64
	FromPrevious *float64 // nil on the first step, on exits, and after a step nobody reached
	FromStart    *float64
}

// FunnelSegment is the funnel of one split value.
type FunnelSegment struct {
	Key       string
	Prospects int64
	Phases    []FunnelStep
	Stages    []FunnelStep
}

// Funnel is the funnel report.
type Funnel struct {
	Query    FunnelQuery
	Segments []FunnelSegment
}

// NewFunnelQuery checks a funnel's filters.
func NewFunnelQuery(p Period, basis, split string) (FunnelQuery, error) {
	q := FunnelQuery{Period: p, Basis: Basis(basis)}
	switch q.Basis {
	case "":
		q.Basis = BasisCohort
	case BasisCohort, BasisPeriod:
	default:
		return q, domain.Invalid("basis", "invalid", "must be cohort or period")
	}
	var err error
	q.Split, err = ParseSplit("split_by", split)
	return q, err
}

// Funnel counts how many prospects reached each phase and stage. A cohort
// prospect reached every main-line stage up to the furthest it entered, so a
// skipped stage counts as passed and conversion never exceeds 100%.
func (s *Service) Funnel(ctx context.Context, p auth.Principal, q FunnelQuery) (Funnel, error) {
	if err := readable(p); err != nil {
		return Funnel{}, err
	}
	stages, err := s.st.Stages(ctx, p.WorkspaceID)
	if err != nil {
		return Funnel{}, err
	}
	pl := NewPipeline(stages)
	prospects, err := s.st.FunnelProspects(ctx, p.WorkspaceID, q)
	if err != nil {
		return Funnel{}, err
	}
	var stageCounts, phaseCounts map[string]map[string]int64
	if q.Basis == BasisCohort {
		furthest, err := s.st.FunnelFurthest(ctx, p.WorkspaceID, q, pl.MainIDs())
		if err != nil {
			return Funnel{}, err
		}
		stageCounts, phaseCounts = cumulative(furthest, pl)
	} else {
		stageCounts, phaseCounts = map[string]map[string]int64{}, map[string]map[string]int64{}
		entries, err := s.st.FunnelEntries(ctx, p.WorkspaceID, q, pl.MainIDs(), false)
		if err != nil {
			return Funnel{}, err
		}
		addCounts(stageCounts, entries)
		phases, err := s.st.FunnelEntries(ctx, p.WorkspaceID, q, pl.MainIDs(), true)
		if err != nil {
			return Funnel{}, err
		}
		addCounts(phaseCounts, phases)
	}
	exitIDs := make([]string, len(pl.Exits))
	for i, st := range pl.Exits {
		exitIDs[i] = st.ID
	}
	if len(exitIDs) > 0 {
		exits, err := s.st.FunnelEntries(ctx, p.WorkspaceID, q, exitIDs, false)
		if err != nil {
			return Funnel{}, err
		}
		addCounts(stageCounts, exits)
		exitPhases, err := s.st.FunnelEntries(ctx, p.WorkspaceID, q, exitIDs, true)
		if err != nil {
			return Funnel{}, err
		}
		addCounts(phaseCounts, exitPhases)
	}
	f := Funnel{Query: q}
	for _, c := range segmentsOf(prospects, q.Split) {
		f.Segments = append(f.Segments, funnelSegment(c, pl, stageCounts[c.Segment], phaseCounts[c.Segment]))
	}
	return f, nil
}

// segmentsOf orders segments by size; without a split there is always one.
func segmentsOf(prospects []Count, split Split) []Count {
	out := append([]Count(nil), prospects...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Segment < out[j].Segment
	})
	if split == SplitNone && len(out) == 0 {
		out = []Count{{Segment: AllKey}}
	}
	return out
}

func addCounts(m map[string]map[string]int64, cs []Count) {
	for _, c := range cs {
		if m[c.Segment] == nil {
			m[c.Segment] = map[string]int64{}
		}
		m[c.Segment][c.Key] += c.N
	}
}

// cumulative turns "furthest rank reached" counts into "reached" counts per
// main-line stage and phase.
func cumulative(furthest []Count, pl Pipeline) (stages, phases map[string]map[string]int64) {
	stages, phases = map[string]map[string]int64{}, map[string]map[string]int64{}
	for _, c := range furthest {
		rank, err := strconv.Atoi(c.Key)
		if err != nil || rank <= 0 {
			continue
		}
		if stages[c.Segment] == nil {
			stages[c.Segment], phases[c.Segment] = map[string]int64{}, map[string]int64{}
		}
		seen := map[crm.Phase]bool{}
		for i := 0; i < rank && i < len(pl.Main); i++ {
			st := pl.Main[i]
			stages[c.Segment][st.ID] += c.N
			if !seen[st.Phase] {
				seen[st.Phase] = true
				phases[c.Segment][string(st.Phase)] += c.N
			}
		}
	}
	return stages, phases
}

func funnelSegment(c Count, pl Pipeline, stageN, phaseN map[string]int64) FunnelSegment {
	seg := FunnelSegment{Key: c.Segment, Prospects: c.N}
	var main, exits []FunnelStep
	for _, st := range pl.Main {
		main = append(main, FunnelStep{StageID: st.ID, Name: st.Name, Phase: st.Phase, Reached: stageN[st.ID]})
	}
	for _, st := range pl.Exits {
		exits = append(exits, FunnelStep{StageID: st.ID, Name: st.Name, Phase: st.Phase, Reached: stageN[st.ID]})
	}
	seg.Stages = append(conversions(main), exitRates(exits, main)...)
	var phaseMain, phaseExits []FunnelStep
	for _, ph := range mainLine {
		if hasPhase(pl.Main, ph) {
			phaseMain = append(phaseMain, FunnelStep{Name: string(ph), Phase: ph, Reached: phaseN[string(ph)]})
		}
	}
	for _, ph := range []crm.Phase{crm.PhaseLost, crm.PhaseChurned} {
		if hasPhase(pl.Exits, ph) {
			phaseExits = append(phaseExits, FunnelStep{Name: string(ph), Phase: ph, Reached: phaseN[string(ph)]})
		}
	}
	seg.Phases = append(conversions(phaseMain), exitRates(phaseExits, phaseMain)...)
	return seg
}

func hasPhase(stages []crm.Stage, ph crm.Phase) bool {
	for _, s := range stages {
		if s.Phase == ph {
			return true
		}
	}
	return false
}

// conversions fills each main-line step's rate from the previous step and
// from the first.
func conversions(steps []FunnelStep) []FunnelStep {
	for i := range steps {
		if i > 0 {
			steps[i].FromPrevious = ratio(steps[i].Reached, steps[i-1].Reached)
		}
		if len(steps) > 0 {
			steps[i].FromStart = ratio(steps[i].Reached, steps[0].Reached)
		}
	}
	return steps
}

// exitRates gives exits their share of the funnel's start only: an exit is
// not a step after the one before it.
func exitRates(exits, main []FunnelStep) []FunnelStep {
	for i := range exits {
		if len(main) > 0 {
			exits[i].FromStart = ratio(exits[i].Reached, main[0].Reached)
		}
	}
	return exits
}

func ratio(n, d int64) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}
