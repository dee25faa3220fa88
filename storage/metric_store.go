package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/reports"
)

type metricPoint struct {
	WorkspaceID string    `gorm:"primaryKey"`
	Metric      string    `gorm:"primaryKey"`
	PeriodStart time.Time `gorm:"primaryKey"`
	Value       float64
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt   time.Time `gorm:"autoUpdateTime:false"`
}

func (metricPoint) TableName() string { return "metric_points" }

func (s Reports) PutMetricPoints(ctx context.Context, ws, metric string, points []reports.MetricPoint, now time.Time) error {
	rows := make([]metricPoint, len(points))
	for i, p := range points {
		rows[i] = metricPoint{WorkspaceID: ws, Metric: metric, PeriodStart: p.PeriodStart, Value: p.Value, CreatedAt: now, UpdatedAt: now}
	}
	err := s.db.Tx(ctx, func(ctx context.Context) error {
		return s.db.writer(ctx).Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "workspace_id"}, {Name: "metric"}, {Name: "period_start"}},
			DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at"}),
		}).CreateInBatches(rows, 500).Error
	})
	return translate(err, "metric points")
}

func (s Reports) MetricPoints(ctx context.Context, ws, metric string, p *reports.Period) ([]reports.MetricPoint, error) {
	q := s.db.reader(ctx).Where("workspace_id = ? AND metric = ?", ws, metric)
	if p != nil {
		q = q.Where("period_start >= ? AND period_start < ?", p.From, p.To)
	}
	var rows []metricPoint
	if err := q.Order("period_start").Find(&rows).Error; err != nil {
		return nil, translate(err, "metric points")
	}
	if len(rows) == 0 && p == nil {
		return nil, fmt.Errorf("metric %q: %w", metric, domain.ErrNotFound)
	}
	out := make([]reports.MetricPoint, len(rows))
	for i, r := range rows {
		out[i] = reports.MetricPoint{PeriodStart: r.PeriodStart.UTC(), Value: r.Value}
	}
	return out, nil
}

func (s Reports) Metrics(ctx context.Context, ws string) ([]reports.MetricSummary, error) {
	rows, err := s.db.reader(ctx).Raw(`SELECT metric, count(*), min(period_start), max(period_start) FROM metric_points
		WHERE workspace_id = ? GROUP BY metric ORDER BY metric`, ws).Rows()
	if err != nil {
		return nil, translate(err, "metrics")
	}
	defer func() { _ = rows.Close() }()
	var out []reports.MetricSummary
	for rows.Next() {
		var m reports.MetricSummary
		var first, last sqlTime
		if err := rows.Scan(&m.Metric, &m.Points, &first, &last); err != nil {
			return nil, translate(err, "metrics")
		}
		m.First, m.Last = first.Time, last.Time
		out = append(out, m)
	}
	return out, translate(rows.Err(), "metrics")
}

func (s Reports) DeleteMetric(ctx context.Context, ws, metric string) error {
	res := s.db.writer(ctx).Where("workspace_id = ? AND metric = ?", ws, metric).Delete(&metricPoint{})
	return affected(res, "metric")
}

func (s Reports) Outcomes(ctx context.Context, ws string, p reports.Period, currency string) (created, won []reports.Dated, err error) {
	read := func(sql string) ([]reports.Dated, error) {
		rows, err := s.db.reader(ctx).Raw(sql, ws, currency, p.From, p.To).Rows()
		if err != nil {
			return nil, translate(err, "outcomes")
		}
		defer func() { _ = rows.Close() }()
		var out []reports.Dated
		for rows.Next() {
			var d reports.Dated
			var at sqlTime
			if err := rows.Scan(&at, &d.Amount); err != nil {
				return nil, translate(err, "outcomes")
			}
			d.At = at.Time
			out = append(out, d)
		}
		return out, translate(rows.Err(), "outcomes")
	}
	if created, err = read(`SELECT created_at, amount FROM prospects WHERE workspace_id = ? AND currency = ? AND created_at >= ? AND created_at < ?`); err != nil {
		return nil, nil, err
	}
	won, err = read(`SELECT closed_at, amount FROM prospects WHERE workspace_id = ? AND status = 'won' AND currency = ? AND closed_at >= ? AND closed_at < ?`)
	return created, won, err
}
