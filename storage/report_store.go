package storage

import (
	"context"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/reports"
)

// Reports reads the aggregates reports are made of. Aggregation happens in
// SQL where it can, so a report moves counts, not rows.
type Reports struct{ db *DB }

var _ reports.Store = Reports{}

// Reports returns the reports store.
func (db *DB) Reports() Reports { return Reports{db} }

func (s Reports) Stages(ctx context.Context, ws string) ([]crm.Stage, error) {
	return Stages(s).All(ctx, ws)
}

// Currency is the currency of most won prospects, else of most prospects.
func (s Reports) Currency(ctx context.Context, ws string) (string, error) {
	var cur []string
	err := s.db.reader(ctx).Raw(`SELECT currency FROM prospects WHERE workspace_id = ?
		GROUP BY currency ORDER BY sum(CASE WHEN status = 'won' THEN 1 ELSE 0 END) DESC, count(*) DESC, currency LIMIT 1`, ws).
		Scan(&cur).Error
	if err != nil || len(cur) == 0 {
		return "", translate(err, "currency")
	}
	return cur[0], nil
}

// segmentExpr is the SQL of a prospect's (alias p) segment.
func segmentExpr(split reports.Split) string {
	col := func(c string) string { return "COALESCE(NULLIF(p." + c + ", ''), '" + reports.NoneKey + "')" }
	switch split {
	case reports.SplitChannel:
		return col("first_touch_channel")
	case reports.SplitCampaign:
		return col("first_touch_campaign")
	case reports.SplitDevice:
		return col("first_touch_device_type")
	case reports.SplitOwner:
		return "COALESCE((SELECT m.name FROM members m WHERE m.workspace_id = p.workspace_id AND m.id = p.owner_id), '" + reports.NoneKey + "')"
	}
	return "'" + reports.AllKey + "'"
}

// placeholders is "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// FunnelCohort groups the cohort by segment and the stages each prospect
// entered (its milestones, crm.Milestones).
func (s Reports) FunnelCohort(ctx context.Context, ws string, q reports.FunnelQuery) ([]reports.Count, error) {
	var out []reports.Count
	err := s.db.reader(ctx).Raw(`SELECT `+segmentExpr(q.Split)+` AS segment, p.entered_stages AS key, count(*) AS n
		FROM prospects p WHERE p.workspace_id = ? AND p.created_at >= ? AND p.created_at < ?
		GROUP BY segment, p.entered_stages`, ws, q.Period.From, q.Period.To).Scan(&out).Error
	return out, overBudget(ctx, translate(err, "funnel"))
}

func (s Reports) FunnelEntries(ctx context.Context, ws string, q reports.FunnelQuery, stageIDs []string, byPhase bool) ([]reports.Count, error) {
	if len(stageIDs) == 0 {
		return nil, nil
	}
	key, join := "CAST(sc.to_stage_id AS text)", ""
	if byPhase {
		key, join = "st.phase", " JOIN stages st ON st.workspace_id = sc.workspace_id AND st.id = sc.to_stage_id"
	}
	args := append([]any{ws, q.Period.From, q.Period.To}, anys(stageIDs)...)
	var out []reports.Count
	err := s.db.reader(ctx).Raw(`SELECT `+segmentExpr(q.Split)+` AS segment, `+key+` AS key, count(DISTINCT p.id) AS n
		FROM prospects p JOIN stage_changes sc ON sc.workspace_id = p.workspace_id AND sc.prospect_id = p.id`+join+`
		WHERE p.workspace_id = ? AND sc.changed_at >= ? AND sc.changed_at < ? AND sc.to_stage_id IN (`+placeholders(len(stageIDs))+`)
		GROUP BY segment, key`, args...).Scan(&out).Error
	return out, overBudget(ctx, translate(err, "funnel"))
}

func (s Reports) FunnelProspects(ctx context.Context, ws string, q reports.FunnelQuery) ([]reports.Count, error) {
	sql := `SELECT ` + segmentExpr(q.Split) + ` AS segment, count(DISTINCT p.id) AS n
		FROM prospects p JOIN stage_changes sc ON sc.workspace_id = p.workspace_id AND sc.prospect_id = p.id
		WHERE p.workspace_id = ? AND sc.changed_at >= ? AND sc.changed_at < ? GROUP BY segment`
	var out []reports.Count
	err := s.db.reader(ctx).Raw(sql, ws, q.Period.From, q.Period.To).Scan(&out).Error
	return out, overBudget(ctx, translate(err, "funnel"))
}

func (s Reports) StageChanges(ctx context.Context, ws string, p reports.Period, fn func(prospectID, toStageID string, at time.Time) error) error {
	rows, err := s.db.reader(ctx).Raw(`SELECT CAST(sc.prospect_id AS text), CAST(sc.to_stage_id AS text), sc.changed_at
		FROM stage_changes sc JOIN prospects p ON p.workspace_id = sc.workspace_id AND p.id = sc.prospect_id
		WHERE p.workspace_id = ? AND p.created_at >= ? AND p.created_at < ?
		ORDER BY sc.prospect_id, sc.changed_at, sc.id`, ws, p.From, p.To).Rows()
	if err != nil {
		return overBudget(ctx, translate(err, "stage changes"))
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var pid, to string
		var at sqlTime
		if err := rows.Scan(&pid, &to, &at); err != nil {
			return translate(err, "stage changes")
		}
		if err := fn(pid, to, at.Time); err != nil {
			return err
		}
	}
	return translate(rows.Err(), "stage changes")
}

func (s Reports) Closings(ctx context.Context, ws string, p reports.Period) ([]reports.Closing, error) {
	rows, err := s.db.reader(ctx).Raw(`SELECT p.status, p.created_at, p.closed_at, COALESCE(p.first_touch_occurred_at,
			(SELECT min(t.occurred_at) FROM prospect_contacts pc JOIN touchpoints t ON t.workspace_id = pc.workspace_id AND t.contact_id = pc.contact_id
			 WHERE pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id))
		FROM prospects p WHERE p.workspace_id = ? AND p.created_at >= ? AND p.created_at < ? AND p.closed_at IS NOT NULL`, ws, p.From, p.To).Rows()
	if err != nil {
		return nil, translate(err, "closings")
	}
	defer func() { _ = rows.Close() }()
	var out []reports.Closing
	for rows.Next() {
		var c reports.Closing
		var opened, closed, first sqlTime
		if err := rows.Scan(&c.Status, &opened, &closed, &first); err != nil {
			return nil, translate(err, "closings")
		}
		c.OpenedAt, c.ClosedAt, c.FirstTouchAt = opened.Time, closed.Time, first.ptr()
		out = append(out, c)
	}
	return out, translate(rows.Err(), "closings")
}
