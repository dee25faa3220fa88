package storage

import (
	"context"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/reports"
)

// conversionColumn is the SQL of a prospect's conversion time in the conv
// CTE below.
func conversionColumn(c reports.Conversion) string {
	switch c {
	case reports.ConvertLead:
		return "created_at"
	case reports.ConvertOpportunity:
		return "opp_at"
	}
	return "won_at"
}

// touchColumns selects only the touch fields the grouping needs, unless the
// drill-down wants them all: fewer bytes per row on big reports.
func touchColumns(by reports.GroupBy, details bool) string {
	cols := []string{"type", "channel", "source", "medium", "campaign"}
	need := map[string]bool{}
	switch {
	case details:
		for _, c := range cols {
			need[c] = true
		}
	case by == reports.GroupCampaign:
		need["campaign"] = true
	case by == reports.GroupSourceMed:
		need["source"], need["medium"] = true, true
	case by == reports.GroupTouchType:
		need["type"] = true
	default:
		need["channel"] = true
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		if need[c] {
			out[i] = "t." + c + " AS " + c
		} else {
			out[i] = "'' AS " + c
		}
	}
	return strings.Join(out, ", ")
}

// Journeys streams prospects and their touches. The conv CTE finds each
// candidate prospect's milestones (opened; first entry into an opportunity
// or later phase; first entry into a won or later phase); sel keeps those
// converting in the period (and, with nulls, the rest opened in it, their
// journey ending at the period's end); the touches of their contacts and
// of their account up to the conversion come from two indexed joins whose
// UNION drops a touch that reached the prospect both ways. The lookback
// window's start is cut here, per journey.
func (s Reports) Journeys(ctx context.Context, ws string, q reports.JourneyQuery, fn func(analytics.Journey, []reports.JourneyTouch) error) error {
	col := conversionColumn(q.Conversion)
	now := time.Now().UTC()
	end := q.Period.To
	if end.After(now) {
		end = now
	}
	lookback := time.Duration(q.LookbackDays) * 24 * time.Hour
	var candidates, selected string
	var args []any
	if q.ProspectID != "" {
		candidates = "p.id = ?"
		args = append(args, ws, q.ProspectID)
		selected = `SELECT id, account_id, created_at, amount, currency, opp_at, won_at,
			CASE WHEN ` + col + ` IS NOT NULL THEN 1 ELSE 0 END AS converted, COALESCE(` + col + `, ?) AS conv_at FROM conv`
		args = append(args, now)
	} else {
		candidates = `(p.created_at >= ? AND p.created_at < ?) OR p.id IN (SELECT c.prospect_id FROM stage_changes c
			WHERE c.workspace_id = ? AND c.changed_at >= ? AND c.changed_at < ?)`
		args = append(args, ws, q.Period.From, q.Period.To, ws, q.Period.From, q.Period.To)
		inPeriod := col + ` >= ? AND ` + col + ` < ?`
		selected = `SELECT id, account_id, created_at, amount, currency, opp_at, won_at, 1 AS converted, ` + col + ` AS conv_at
			FROM conv WHERE ` + inPeriod
		args = append(args, q.Period.From, q.Period.To)
		if q.WithNull {
			selected += ` UNION ALL SELECT id, account_id, created_at, amount, currency, opp_at, won_at, 0, ?
				FROM conv WHERE created_at >= ? AND created_at < ? AND NOT (` + col + ` IS NOT NULL AND ` + inPeriod + `)`
			args = append(args, end, q.Period.From, q.Period.To, q.Period.From, q.Period.To)
		}
	}
	from := time.Unix(0, 0).UTC()
	if q.ProspectID == "" {
		from = q.Period.From.Add(-lookback)
	}
	cols := touchColumns(q.GroupBy, q.Details)
	args = append(args, ws, from, ws, from)
	rows, err := s.db.reader(ctx).Raw(`WITH conv AS (
			SELECT p.id, p.account_id, p.created_at, p.amount, p.currency,
				min(CASE WHEN st.phase IN ('opportunity', 'won', 'customer', 'churned') THEN sc.changed_at END) AS opp_at,
				min(CASE WHEN st.phase IN ('won', 'customer', 'churned') THEN sc.changed_at END) AS won_at
			FROM prospects p
			LEFT JOIN stage_changes sc ON sc.workspace_id = p.workspace_id AND sc.prospect_id = p.id
			LEFT JOIN stages st ON st.workspace_id = sc.workspace_id AND st.id = sc.to_stage_id
			WHERE p.workspace_id = ? AND (`+candidates+`)
			GROUP BY p.id, p.account_id, p.created_at, p.amount, p.currency),
		sel AS (`+selected+`),
		touches AS (
			SELECT sel.id AS pid, t.id AS tid, t.occurred_at, `+cols+`
			FROM sel JOIN prospect_contacts pc ON pc.workspace_id = ? AND pc.prospect_id = sel.id
			JOIN touchpoints t ON t.workspace_id = pc.workspace_id AND t.contact_id = pc.contact_id
			WHERE t.occurred_at >= ? AND t.occurred_at <= sel.conv_at
			UNION
			SELECT sel.id, t.id, t.occurred_at, `+cols+`
			FROM sel JOIN touchpoints t ON t.workspace_id = ? AND t.account_id = sel.account_id
			WHERE t.occurred_at >= ? AND t.occurred_at <= sel.conv_at)
		SELECT CAST(sel.id AS text), sel.created_at, sel.opp_at, sel.won_at, sel.converted, sel.conv_at, sel.amount, sel.currency,
			CAST(x.tid AS text), x.occurred_at, x.type, x.channel, x.source, x.medium, x.campaign
		FROM sel LEFT JOIN touches x ON x.pid = sel.id
		ORDER BY sel.id, x.occurred_at, x.tid`, args...).Rows()
	if err != nil {
		return translate(err, "journeys")
	}
	defer func() { _ = rows.Close() }()
	var (
		j       analytics.Journey
		touches []reports.JourneyTouch
		current string
		started bool
	)
	flush := func() error {
		if !started {
			return nil
		}
		return fn(j, touches)
	}
	for rows.Next() {
		var (
			pid, currency                          string
			tid                                    *string
			created, opp, won, convAt, at          sqlTime
			converted                              int
			amount                                 int64
			typ, channel, source, medium, campaign *string
		)
		if err := rows.Scan(&pid, &created, &opp, &won, &converted, &convAt, &amount, &currency,
			&tid, &at, &typ, &channel, &source, &medium, &campaign); err != nil {
			return translate(err, "journeys")
		}
		if !started || pid != current {
			if err := flush(); err != nil {
				return err
			}
			started, current = true, pid
			j = analytics.Journey{ID: pid, Touches: j.Touches[:0], Converted: converted == 1, ConvertedAt: convAt.Time,
				LeadAt: created.Time, OpportunityAt: opp.Time, WonAt: won.Time}
			if j.Converted && q.Conversion == reports.ConvertWon && currency == q.Currency {
				j.Revenue = float64(amount)
			}
			// Milestones after the journey's end did not happen yet.
			for _, m := range []*time.Time{&j.OpportunityAt, &j.WonAt} {
				if m.After(j.ConvertedAt) {
					*m = time.Time{}
				}
			}
			touches = touches[:0]
		}
		if tid == nil || at.Time.Before(j.ConvertedAt.Add(-lookback)) {
			continue
		}
		tp := reports.JourneyTouch{ID: *tid, At: at.Time, Type: str(typ), Channel: str(channel), Source: str(source), Medium: str(medium), Campaign: str(campaign)}
		j.Touches = append(j.Touches, analytics.Touch{Group: reports.GroupKey(q.GroupBy, tp.Type, tp.Channel, tp.Source, tp.Medium, tp.Campaign), At: tp.At})
		if q.Details {
			touches = append(touches, tp)
		}
	}
	if err := rows.Err(); err != nil {
		return translate(err, "journeys")
	}
	return flush()
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
