package api

import (
	"context"

	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/reports"
)

func pointsOut(metric string, pts []reports.MetricPoint) MetricPointList {
	out := MetricPointList{Metric: metric, Data: make([]MetricPoint, len(pts))}
	for i, p := range pts {
		out.Data[i] = MetricPoint{PeriodStart: openapi_types.Date{Time: p.PeriodStart}, Value: p.Value}
	}
	return out
}

func (s *Server) ListMetrics(ctx context.Context, _ ListMetricsRequestObject) (ListMetricsResponseObject, error) {
	ms, err := s.reports.Metrics(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	out := ListMetrics200JSONResponse{Data: make([]MetricSummary, len(ms))}
	for i, m := range ms {
		out.Data[i] = MetricSummary{Metric: m.Metric, Points: m.Points, First: openapi_types.Date{Time: m.First}, Last: openapi_types.Date{Time: m.Last}}
	}
	return out, nil
}

func (s *Server) ListMetricPoints(ctx context.Context, r ListMetricPointsRequestObject) (ListMetricPointsResponseObject, error) {
	var period *reports.Period
	if r.Params.From != nil || r.Params.To != nil {
		p, err := s.period(r.Params.From, r.Params.To)
		if err != nil {
			return nil, err
		}
		period = &p
	}
	pts, err := s.reports.MetricPoints(ctx, principal(ctx), r.Metric, period)
	if err != nil {
		return nil, err
	}
	return ListMetricPoints200JSONResponse(pointsOut(r.Metric, pts)), nil
}

func (s *Server) PutMetricPoints(ctx context.Context, r PutMetricPointsRequestObject) (PutMetricPointsResponseObject, error) {
	in := make([]reports.MetricPoint, len(r.Body.Points))
	for i, p := range r.Body.Points {
		in[i] = reports.MetricPoint{PeriodStart: p.PeriodStart.Time, Value: p.Value}
	}
	pts, err := s.reports.PutMetricPoints(ctx, principal(ctx), r.Metric, in)
	if err != nil {
		return nil, err
	}
	return PutMetricPoints200JSONResponse(pointsOut(r.Metric, pts)), nil
}

func (s *Server) DeleteMetric(ctx context.Context, r DeleteMetricRequestObject) (DeleteMetricResponseObject, error) {
	if err := s.reports.DeleteMetric(ctx, principal(ctx), r.Metric); err != nil {
		return nil, err
	}
	return DeleteMetric204Response{}, nil
}

func lagsOut(ls []analytics.LagCorrelation) []LagCorrelation {
	out := make([]LagCorrelation, len(ls))
	for i, l := range ls {
		out[i] = LagCorrelation{Lag: l.Lag, N: l.N, R: nullable.NewNullNullable[float64](), Low: nullable.NewNullNullable[float64](), High: nullable.NewNullNullable[float64]()}
		if l.Defined {
			out[i].R, out[i].Low, out[i].High = nullable.NewNullableWithValue(l.R), nullable.NewNullableWithValue(l.Low), nullable.NewNullableWithValue(l.High)
		}
	}
	return out
}

func (s *Server) GetMetricCorrelationReport(ctx context.Context, r GetMetricCorrelationReportRequestObject) (GetMetricCorrelationReportResponseObject, error) {
	p := r.Params
	period, err := s.period(p.From, p.To)
	if err != nil {
		return nil, err
	}
	maxLag := reports.MaxLagWeeks
	if p.MaxLag != nil {
		maxLag = *p.MaxLag
	}
	c, err := s.reports.Correlate(ctx, principal(ctx), p.Metric, period, maxLag, strOf(p.Currency))
	if err != nil {
		return nil, err
	}
	if wantCSV(p.Format) {
		t := newCSV("series", "week_or_lag", "metric", "pipeline_created", "revenue_won", "n", "r", "r_low", "r_high")
		for _, w := range c.Weeks {
			t.row("week", w.Start.Format("2006-01-02"), optNum(w.Metric), inum(w.PipelineCreated), inum(w.RevenueWon), "", "", "", "")
		}
		for _, s := range []struct {
			name string
			ls   []analytics.LagCorrelation
		}{{"pipeline_created", c.PipelineCreated}, {"revenue_won", c.RevenueWon}} {
			for _, l := range s.ls {
				r, lo, hi := "", "", ""
				if l.Defined {
					r, lo, hi = num(l.R), num(l.Low), num(l.High)
				}
				t.row("correlation with "+s.name, inum(int64(l.Lag)), "", "", "", inum(int64(l.N)), r, lo, hi)
			}
		}
		body, n := t.bytes()
		return GetMetricCorrelationReport200TextcsvResponse{Body: body, ContentLength: n}, nil
	}
	out := MetricCorrelationReport{
		Metric: c.Metric, Period: periodOut(period), Currency: c.Currency, Weeks: make([]WeekValue, len(c.Weeks)),
		PipelineCreated: lagsOut(c.PipelineCreated), RevenueWon: lagsOut(c.RevenueWon),
	}
	for i, w := range c.Weeks {
		out.Weeks[i] = WeekValue{Week: openapi_types.Date{Time: w.Start}, Metric: wire(w.Metric), PipelineCreated: w.PipelineCreated, RevenueWon: w.RevenueWon}
	}
	return GetMetricCorrelationReport200JSONResponse(out), nil
}
