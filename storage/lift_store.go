package storage

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain/reports"
)

// LiftCounts counts a cohort by segment, exposure and outcome. out_at is the
// prospect's first entry into an outcome stage; a touch counts as exposure
// only strictly before it, so an ad seen after the win is not a cause. A
// prospect lost without reaching the outcome was decided when it was lost:
// its exposure ends there too (an ad after the loss changed nothing). One
// still open may yet reach it, so any touch so far counts. CROSS JOIN and
// INDEXED BY make SQLite read the prospect's contacts first and their
// touches by index (it otherwise chose to scan touchpoints by time: 13 s on
// the demo); PostgreSQL plans it as the inner join it is.
func (s Reports) LiftCounts(ctx context.Context, ws string, q reports.LiftQuery, outcomeStageIDs []string) ([]reports.LiftCount, error) {
	outcome := "NULL"
	var args []any
	if len(outcomeStageIDs) > 0 {
		outcome = `(SELECT min(sc.changed_at) FROM stage_changes sc WHERE sc.workspace_id = p.workspace_id AND sc.prospect_id = p.id
			AND sc.to_stage_id IN (` + placeholders(len(outcomeStageIDs)) + `))`
		args = append(args, anys(outcomeStageIDs)...)
	}
	// As for journeys: a contact's touches and the account's own (no contact);
	// on SQLite the join order and the indexes are pinned.
	byContact, byAccount := " INDEXED BY touchpoints_journey_idx", " INDEXED BY touchpoints_account_only_idx"
	if s.db.dialect == Postgres {
		byContact, byAccount = "", ""
	}
	match, value := "t.type = ?", any(string(q.ExposureType))
	if q.CampaignID != "" {
		match, value = "t.campaign_id = ?", q.CampaignID
	}
	never := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	args = append(args, ws, q.Period.From, q.Period.To, ws, value, never, ws, value, never)
	var rows []struct {
		Segment string
		Exposed int
		Outcome int
		N       int64
	}
	err := s.db.reader(ctx).Raw(`WITH pr AS (
			SELECT p.id, p.account_id, `+segmentExpr(q.Stratify)+` AS seg, `+outcome+` AS out_at,
				CASE WHEN p.status = 'lost' THEN p.closed_at END AS lost_at
			FROM prospects p WHERE p.workspace_id = ? AND p.created_at >= ? AND p.created_at < ?),
		flags AS (
			SELECT seg, CASE WHEN EXISTS (
					SELECT 1 FROM prospect_contacts pc CROSS JOIN touchpoints t`+byContact+`
					WHERE pc.workspace_id = ? AND pc.prospect_id = pr.id AND t.workspace_id = pc.workspace_id AND t.contact_id = pc.contact_id
					AND `+match+` AND t.occurred_at < COALESCE(pr.out_at, pr.lost_at, ?))
				OR EXISTS (
					SELECT 1 FROM touchpoints t`+byAccount+` WHERE t.workspace_id = ? AND t.account_id = pr.account_id AND t.contact_id IS NULL AND `+match+`
					AND t.occurred_at < COALESCE(pr.out_at, pr.lost_at, ?))
				THEN 1 ELSE 0 END AS exposed,
				CASE WHEN pr.out_at IS NULL THEN 0 ELSE 1 END AS outcome
			FROM pr)
		SELECT seg AS segment, exposed, outcome, count(*) AS n FROM flags GROUP BY seg, exposed, outcome ORDER BY seg`, args...).Scan(&rows).Error
	if err != nil {
		return nil, overBudget(ctx, translate(err, "lift"))
	}
	out := make([]reports.LiftCount, len(rows))
	for i, r := range rows {
		out[i] = reports.LiftCount{Segment: r.Segment, Exposed: r.Exposed == 1, Outcome: r.Outcome == 1, N: r.N}
	}
	return out, nil
}

func (s Reports) CampaignName(ctx context.Context, ws, id string) (string, error) {
	c, err := Campaigns(s).Get(ctx, ws, id)
	return c.Name, err
}

func (s Reports) Campaigns(ctx context.Context, ws string) ([]reports.CampaignRef, error) {
	var out []reports.CampaignRef
	err := s.db.reader(ctx).Raw(`SELECT CAST(id AS text) AS id, name, channel, utm_campaign AS key FROM campaigns
		WHERE workspace_id = ? ORDER BY name, id`, ws).Scan(&out).Error
	return out, translate(err, "campaigns")
}

func (s Reports) Spend(ctx context.Context, ws string, p reports.Period, currency string) ([]reports.SpendPeriod, error) {
	rows, err := s.db.reader(ctx).Raw(`SELECT CAST(campaign_id AS text), period_start, period_end, amount FROM campaign_spend
		WHERE workspace_id = ? AND currency = ? AND period_end >= ? AND period_start < ?`, ws, currency, p.From, p.To).Rows()
	if err != nil {
		return nil, translate(err, "spend")
	}
	defer func() { _ = rows.Close() }()
	var out []reports.SpendPeriod
	for rows.Next() {
		var sp reports.SpendPeriod
		var start, end sqlTime
		if err := rows.Scan(&sp.CampaignID, &start, &end, &sp.Amount); err != nil {
			return nil, translate(err, "spend")
		}
		sp.Start, sp.End = start.Time, end.Time
		out = append(out, sp)
	}
	return out, translate(rows.Err(), "spend")
}
