package api

import (
	"context"
	"time"

	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/reports"
)

// period reads a report's from and to days.
func (s *Server) period(from, to *openapi_types.Date) (reports.Period, error) {
	var f, t *time.Time
	if from != nil {
		f = &from.Time
	}
	if to != nil {
		t = &to.Time
	}
	return reports.NewPeriod(f, t, time.Now())
}

func periodOut(p reports.Period) ReportPeriod {
	return ReportPeriod{From: openapi_types.Date{Time: p.From}, To: openapi_types.Date{Time: p.LastDay()}}
}

func strOf[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

func (s *Server) GetFunnelReport(ctx context.Context, r GetFunnelReportRequestObject) (GetFunnelReportResponseObject, error) {
	p := r.Params
	period, err := s.period(p.From, p.To)
	if err != nil {
		return nil, err
	}
	q, err := reports.NewFunnelQuery(period, strOf(p.Basis), strOf(p.SplitBy))
	if err != nil {
		return nil, err
	}
	f, err := s.reports.Funnel(ctx, principal(ctx), q)
	if err != nil {
		return nil, err
	}
	out := FunnelReport{Basis: FunnelReportBasis(q.Basis), SplitBy: FunnelSplit(q.Split), Period: periodOut(period), Segments: []FunnelSegment{}}
	for _, seg := range f.Segments {
		out.Segments = append(out.Segments, FunnelSegment{Key: seg.Key, Prospects: seg.Prospects, Phases: stepsOut(seg.Phases), Stages: stepsOut(seg.Stages)})
	}
	if !wantCSV(p.Format) {
		return GetFunnelReport200JSONResponse(out), nil
	}
	t := newCSV("segment", "kind", "phase", "name", "reached", "from_previous", "from_start")
	for _, seg := range f.Segments {
		for _, part := range []struct {
			kind  string
			steps []reports.FunnelStep
		}{{"phase", seg.Phases}, {"stage", seg.Stages}} {
			for _, st := range part.steps {
				t.row(seg.Key, part.kind, string(st.Phase), st.Name, inum(st.Reached), optNum(st.FromPrevious), optNum(st.FromStart))
			}
		}
	}
	body, n := t.bytes()
	return GetFunnelReport200TextcsvResponse{Body: body, ContentLength: n}, nil
}

func stepsOut(steps []reports.FunnelStep) []FunnelStep {
	out := make([]FunnelStep, len(steps))
	for i, st := range steps {
		out[i] = FunnelStep{Name: st.Name, Phase: Phase(st.Phase), Reached: st.Reached, FromPrevious: wire(st.FromPrevious), FromStart: wire(st.FromStart)}
		if st.StageID == "" {
			out[i].StageId = nullable.NewNullNullable[openapi_types.UUID]()
		} else {
			out[i].StageId = nullable.NewNullableWithValue(uid(st.StageID))
		}
	}
	return out
}

func distributionOut(d analytics.Distribution) Distribution {
	return Distribution{Count: d.Count, Min: d.Min, P25: d.P25, Median: d.Median, P75: d.P75,
		P90: d.P90, Max: d.Max, Mean: d.Mean}
}

func distributionRow(t *csvTable, name string, d analytics.Distribution) {
	t.row(name, inum(int64(d.Count)), num(d.Min), num(d.P25), num(d.Median), num(d.P75), num(d.P90), num(d.Max), num(d.Mean))
}

func (s *Server) GetVelocityReport(ctx context.Context, r GetVelocityReportRequestObject) (GetVelocityReportResponseObject, error) {
	period, err := s.period(r.Params.From, r.Params.To)
	if err != nil {
		return nil, err
	}
	v, err := s.reports.Velocity(ctx, principal(ctx), period)
	if err != nil {
		return nil, err
	}
	if wantCSV(r.Params.Format) {
		t := newCSV("measure", "count", "min_seconds", "p25_seconds", "median_seconds", "p75_seconds", "p90_seconds", "max_seconds", "mean_seconds")
		for _, st := range v.Stages {
			distributionRow(t, "time in "+st.Stage.Name, st.TimeInStage)
		}
		distributionRow(t, "first touch to won", v.FirstTouchToWon)
		distributionRow(t, "opened to won", v.OpenedToWon)
		distributionRow(t, "opened to closed", v.OpenedToClosed)
		body, n := t.bytes()
		return GetVelocityReport200TextcsvResponse{Body: body, ContentLength: n}, nil
	}
	out := VelocityReport{
		Period: periodOut(period), Stages: make([]VelocityStage, len(v.Stages)), FirstTouchToWon: distributionOut(v.FirstTouchToWon),
		OpenedToWon: distributionOut(v.OpenedToWon), OpenedToClosed: distributionOut(v.OpenedToClosed),
	}
	for i, st := range v.Stages {
		out.Stages[i] = VelocityStage{StageId: uid(st.Stage.ID), Name: st.Stage.Name, Phase: Phase(st.Stage.Phase), TimeInStage: distributionOut(st.TimeInStage)}
	}
	return GetVelocityReport200JSONResponse(out), nil
}
