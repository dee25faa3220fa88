package reports

import (
	"context"
	"math"
	"regexp"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// MetricStore keeps outside metrics and reads the weekly outcomes they are
// correlated with.
type MetricStore interface {
	// PutMetricPoints inserts or replaces points (one per metric and week).
	PutMetricPoints(ctx context.Context, ws, metric string, points []MetricPoint, now time.Time) error
	// MetricPoints lists a metric's points in the period (all with nil),
	// oldest first.
	MetricPoints(ctx context.Context, ws, metric string, p *Period) ([]MetricPoint, error)
	Metrics(ctx context.Context, ws string) ([]MetricSummary, error)
	// DeleteMetric deletes a metric's points; ErrNotFound if it has none.
	DeleteMetric(ctx context.Context, ws, metric string) error
	// Outcomes lists amounts in currency of prospects opened in the period
	// (pipeline created) and of those won in it.
	Outcomes(ctx context.Context, ws string, p Period, currency string) (created, won []Dated, err error)
}

// MetricPoint is a metric's value for the week starting PeriodStart (a Monday).
type MetricPoint struct {
	PeriodStart time.Time
	Value       float64
}

// MetricSummary describes an imported metric.
type MetricSummary struct {
	Metric      string
	Points      int
	First, Last time.Time
}

// Dated is an amount at a time.
type Dated struct {
	At     time.Time
	Amount int64
}

// MaxMetricPoints bounds one import (100 years of weeks).
const MaxMetricPoints = 5000

var metricName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,62}$`)

// CheckMetricName accepts lower-case names such as share_of_voice.
func CheckMetricName(name string) error {
	if !metricName.MatchString(name) {
		return domain.Invalid("metric", "invalid", "must be 1–63 of a-z, 0-9, '_', '.', '-', starting with a letter or digit")
	}
	return nil
}

// Monday is the start of t's ISO week (UTC).
func Monday(t time.Time) time.Time {
	d := midnight(t)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// PutMetricPoints imports points of an outside metric; each date moves to its
// week's Monday, and two points for one week in one import are refused
// rather than one silently winning.
func (s *Service) PutMetricPoints(ctx context.Context, p auth.Principal, metric string, points []MetricPoint) ([]MetricPoint, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return nil, err
	}
	if err := CheckMetricName(metric); err != nil {
		return nil, err
	}
	v := &domain.ValidationError{}
	if len(points) == 0 || len(points) > MaxMetricPoints {
		v.Add("points", "count", "send 1 to %d points", MaxMetricPoints)
	}
	seen := map[time.Time]int{}
	for i := range points {
		points[i].PeriodStart = Monday(points[i].PeriodStart)
		if math.IsNaN(points[i].Value) || math.IsInf(points[i].Value, 0) {
			v.Add("points", "invalid", "point %d: value must be a finite number", i)
		}
		if j, dup := seen[points[i].PeriodStart]; dup {
			v.Add("points", "duplicate_week", "points %d and %d fall in the week of %s", j, i, points[i].PeriodStart.Format(time.DateOnly))
		}
		seen[points[i].PeriodStart] = i
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := s.st.PutMetricPoints(ctx, p.WorkspaceID, metric, points, s.now().UTC()); err != nil {
		return nil, err
	}
	return s.st.MetricPoints(ctx, p.WorkspaceID, metric, nil)
}

// MetricPoints lists a metric's points; an unknown metric is not found.
func (s *Service) MetricPoints(ctx context.Context, p auth.Principal, metric string, period *Period) ([]MetricPoint, error) {
	if err := readable(p); err != nil {
		return nil, err
	}
	if err := CheckMetricName(metric); err != nil {
		return nil, domain.ErrNotFound
	}
	return s.st.MetricPoints(ctx, p.WorkspaceID, metric, period)
}

// Metrics lists the imported metrics.
func (s *Service) Metrics(ctx context.Context, p auth.Principal) ([]MetricSummary, error) {
	if err := readable(p); err != nil {
		return nil, err
	}
	return s.st.Metrics(ctx, p.WorkspaceID)
}

// DeleteMetric deletes a metric and its points.
func (s *Service) DeleteMetric(ctx context.Context, p auth.Principal, metric string) error {
	if err := p.Can(auth.ActionWrite); err != nil {
		return err
	}
	if err := CheckMetricName(metric); err != nil {
		return domain.ErrNotFound
	}
	return s.st.DeleteMetric(ctx, p.WorkspaceID, metric)
}

// Week is one week of the correlation report.
type Week struct {
	Start           time.Time
	Metric          *float64
	PipelineCreated int64
	RevenueWon      int64
}

// Correlation is the outside-metric correlation report.
type Correlation struct {
	Metric          string
	Period          Period
	Currency        string
	Weeks           []Week
	PipelineCreated []analytics.LagCorrelation
	RevenueWon      []analytics.LagCorrelation
}

// MaxLagWeeks is the longest lag the correlation report tries.
const MaxLagWeeks = 12

// Correlate correlates a metric week by week with pipeline created and
// revenue won, the metric leading by 0 to maxLag weeks.
func (s *Service) Correlate(ctx context.Context, p auth.Principal, metric string, period Period, maxLag int, currency string) (Correlation, error) {
	if err := readable(p); err != nil {
		return Correlation{}, err
	}
	if err := CheckMetricName(metric); err != nil {
		return Correlation{}, err
	}
	if maxLag < 0 || maxLag > MaxLagWeeks {
		return Correlation{}, domain.Invalid("max_lag", "out_of_range", "must be 0 to %d", MaxLagWeeks)
	}
	cur, err := s.currency(ctx, p.WorkspaceID, currency)
	if err != nil {
		return Correlation{}, err
	}
	weeks := Period{From: Monday(period.From), To: Monday(period.LastDay()).AddDate(0, 0, 7)}
	points, err := s.st.MetricPoints(ctx, p.WorkspaceID, metric, &weeks)
	if err != nil {
		return Correlation{}, err
	}
	if len(points) == 0 {
		return Correlation{}, domain.Invalid("metric", "no_points", "no points of %q in this period: import them with PUT /api/v1/metrics/%s/points", metric, metric)
	}
	created, won, err := s.st.Outcomes(ctx, p.WorkspaceID, weeks, cur)
	if err != nil {
		return Correlation{}, err
	}
	c := Correlation{Metric: metric, Period: period, Currency: cur}
	index := map[time.Time]int{}
	for w := weeks.From; w.Before(weeks.To); w = w.AddDate(0, 0, 7) {
		index[w] = len(c.Weeks)
		c.Weeks = append(c.Weeks, Week{Start: w})
	}
	for _, pt := range points {
		if i, ok := index[pt.PeriodStart]; ok {
			v := pt.Value
			c.Weeks[i].Metric = &v
		}
	}
	for _, d := range created {
		if i, ok := index[Monday(d.At)]; ok {
			c.Weeks[i].PipelineCreated += d.Amount
		}
	}
	for _, d := range won {
		if i, ok := index[Monday(d.At)]; ok {
			c.Weeks[i].RevenueWon += d.Amount
		}
	}
	m, pc, rw := make([]float64, len(c.Weeks)), make([]float64, len(c.Weeks)), make([]float64, len(c.Weeks))
	for i, w := range c.Weeks {
		m[i], pc[i], rw[i] = math.NaN(), float64(w.PipelineCreated), float64(w.RevenueWon)
		if w.Metric != nil {
			m[i] = *w.Metric
		}
	}
	c.PipelineCreated = analytics.LaggedCorrelations(m, pc, maxLag)
	c.RevenueWon = analytics.LaggedCorrelations(m, rw, maxLag)
	return c, nil
}
