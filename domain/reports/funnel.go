package reports

import (
	"context"
	"sort"
	"strconv"
	"strings"

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
	// FunnelCohort counts the prospects opened in the period by segment and
	// the set of stages each entered since (ids sorted, comma-separated in
	// Key; "" for none): one row per distinct set, so a few hundred rows
	// describe any number of prospects.
	FunnelCohort(ctx context.Context, ws string, q FunnelQuery) ([]Count, error)
	// FunnelEntries counts distinct prospects by segment that entered each of
	// stageIDs (Key = stage id) during the period. byPhase keys by the
	// stage's phase instead.
	FunnelEntries(ctx context.Context, ws string, q FunnelQuery, stageIDs []string, byPhase bool) ([]Count, error)
	// FunnelProspects counts prospects per segment with any stage change in
	// the period.
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
	var (
		prospects                []Count
		stageCounts, phaseCounts map[string]map[string]int64
	)
	if q.Basis == BasisCohort {
		sets, err := s.st.FunnelCohort(ctx, p.WorkspaceID, q)
		if err != nil {
			return Funnel{}, err
		}
		prospects, stageCounts, phaseCounts = cohort(sets, pl)
	} else {
		if prospects, err = s.st.FunnelProspects(ctx, p.WorkspaceID, q); err != nil {
			return Funnel{}, err
		}
		if stageCounts, phaseCounts, err = s.periodEntries(ctx, p.WorkspaceID, q, pl); err != nil {
			return Funnel{}, err
		}
	}
	f := Funnel{Query: q}
	for _, c := range segmentsOf(prospects, q.Split) {
		f.Segments = append(f.Segments, funnelSegment(c, pl, stageCounts[c.Segment], phaseCounts[c.Segment]))
	}
	return f, nil
}

// periodEntries counts the entries into each stage and phase during the
// period, main line and exits.
func (s *Service) periodEntries(ctx context.Context, ws string, q FunnelQuery, pl Pipeline) (stages, phases map[string]map[string]int64, err error) {
	stages, phases = map[string]map[string]int64{}, map[string]map[string]int64{}
	exitIDs := make([]string, len(pl.Exits))
	for i, st := range pl.Exits {
		exitIDs[i] = st.ID
	}
	for _, ids := range [][]string{pl.MainIDs(), exitIDs} {
		if len(ids) == 0 {
			continue
		}
		for _, byPhase := range []bool{false, true} {
			cs, err := s.st.FunnelEntries(ctx, ws, q, ids, byPhase)
			if err != nil {
				return nil, nil, err
			}
			if byPhase {
				addCounts(phases, cs)
			} else {
				addCounts(stages, cs)
			}
		}
	}
	return stages, phases, nil
}

// cohort turns counts of the sets of stages a cohort's prospects entered
// into prospects per segment and "reached" counts per stage and phase. A
// prospect reached every main-line stage up to the furthest it entered; an
// exit (lost, churned) only if it entered it.
func cohort(sets []Count, pl Pipeline) (prospects []Count, stages, phases map[string]map[string]int64) {
	rank := map[string]int{}
	for i, st := range pl.Main {
		rank[st.ID] = i + 1
	}
	exit := map[string]crm.Phase{}
	for _, st := range pl.Exits {
		exit[st.ID] = st.Phase
	}
	furthest := make([]Count, len(sets))
	for i, c := range sets {
		top := 0
		for id := range strings.SplitSeq(c.Key, ",") {
			top = max(top, rank[id])
		}
		furthest[i] = Count{Segment: c.Segment, Key: strconv.Itoa(top), N: c.N}
	}
	stages, phases = cumulative(furthest, pl)
	perSegment := map[string]int64{}
	for _, c := range sets {
		perSegment[c.Segment] += c.N
		exited := map[crm.Phase]bool{}
		for id := range strings.SplitSeq(c.Key, ",") {
			if ph, ok := exit[id]; ok {
				addCounts(stages, []Count{{Segment: c.Segment, Key: id, N: c.N}})
				exited[ph] = true
			}
		}
		for ph := range exited {
			addCounts(phases, []Count{{Segment: c.Segment, Key: string(ph), N: c.N}})
		}
	}
	for seg, n := range perSegment {
		prospects = append(prospects, Count{Segment: seg, N: n})
	}
	return prospects, stages, phases
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
