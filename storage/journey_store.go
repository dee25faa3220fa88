package storage

import (
	"context"
	"strconv"
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

// selectedCTE is the SQL every journey query starts with. conv has each
// prospect's first entry into an opportunity-or-later and a won-or-later
// phase (its milestones, crm.Milestones); sel keeps those converting in the
// period (and, with nulls, the rest opened in it, their journey ending at
// the period's end or now). A journey's touches are those of sel's contacts,
// and the account-level ones (no contact) of its account, from the lookback
// before the conversion up to it. A colleague's touches are not the
// prospect's: they belong to the journeys of the prospects that person is on.
func (s Reports) selectedCTE(ws string, q reports.JourneyQuery) (string, []any) {
	col := conversionColumn(q.Conversion)
	now := time.Now().UTC()
	end := q.Period.To
	if end.After(now) {
		end = now
	}
	convWhere, args := "", []any{ws}
	if q.ProspectID != "" {
		convWhere = " AND p.id = ?"
		args = append(args, q.ProspectID)
	}
	var selected string
	if q.ProspectID != "" {
		selected = `SELECT id, account_id, created_at, amount, currency, opp_at, won_at,
			CASE WHEN ` + col + ` IS NOT NULL THEN 1 ELSE 0 END AS converted, COALESCE(` + col + `, ?) AS conv_at FROM conv`
		args = append(args, now)
	} else {
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
	return `WITH conv AS (
			SELECT p.id, p.account_id, p.created_at, p.amount, p.currency, p.opportunity_at AS opp_at, p.won_at
			FROM prospects p WHERE p.workspace_id = ?` + convWhere + `),
		sel AS (` + selected + `)`, args
}

// journeyCTE adds to selectedCTE the touches of the selected journeys, a
// row each. CROSS JOIN fixes SQLite's join order (journeys, then their
// contacts, then those contacts' touches by index); PostgreSQL plans it as
// the inner join it is. Touches at the same time are ordered as the touch
// paths merge them: the contacts' (by contact id), then the account's own
// (acct 1).
func (s Reports) journeyCTE(ws string, q reports.JourneyQuery, lookback time.Duration) (string, []any) {
	cte, args := s.selectedCTE(ws, q)
	from := time.Unix(0, 0).UTC()
	if q.ProspectID == "" {
		from = q.Period.From.Add(-lookback)
	}
	// On PostgreSQL the lookback is cut per journey in SQL, so rows outside
	// it never leave the database; SQLite's text times cannot do that
	// arithmetic, and the caller cuts them.
	// SQLite's planner flips between good and ruinous plans for these joins
	// as its statistics move (21,000 touches: 70 ms or 17 s), so on SQLite
	// the join order (CROSS JOIN) and the indexes are pinned.
	window, byContact, byAccount := "", " INDEXED BY touchpoints_journey_idx", " INDEXED BY touchpoints_account_only_idx"
	if s.db.dialect == Postgres {
		byContact, byAccount = "", ""
		window = " AND t.occurred_at >= sel.conv_at - make_interval(days => " + strconv.Itoa(int(lookback/(24*time.Hour))) + ")"
	}
	cols := touchColumns(q.GroupBy, q.Details)
	args = append(args, ws, from, ws, from)
	return cte + `,
		touches AS (
			SELECT sel.id AS pid, 0 AS acct, t.contact_id AS owner, t.id AS tid, t.occurred_at, ` + cols + `
			FROM sel CROSS JOIN prospect_contacts pc CROSS JOIN touchpoints t` + byContact + `
			WHERE pc.workspace_id = ? AND pc.prospect_id = sel.id AND t.workspace_id = pc.workspace_id AND t.contact_id = pc.contact_id
			AND t.occurred_at >= ? AND t.occurred_at <= sel.conv_at` + window + `
			UNION ALL
			SELECT sel.id, 1, t.account_id, t.id, t.occurred_at, ` + cols + `
			FROM sel CROSS JOIN touchpoints t` + byAccount + `
			WHERE t.workspace_id = ? AND t.account_id = sel.account_id AND t.contact_id IS NULL
			AND t.occurred_at >= ? AND t.occurred_at <= sel.conv_at` + window + `)`, args
}

// Journeys streams prospects and their touches. On PostgreSQL a journey is
// one row, its touches read from the touch paths PostgreSQL keeps folded
// (see migration 00007), so millions of touches stay in the database;
// SQLite and the drill-down read a row per touch.
func (s Reports) Journeys(ctx context.Context, ws string, q reports.JourneyQuery, fn func(analytics.Journey, []reports.JourneyTouch) error) error {
	lookback := time.Duration(q.LookbackDays) * 24 * time.Hour
	if s.db.dialect == Postgres && !q.Details {
		return s.journeysFolded(ctx, ws, q, lookback, fn)
	}
	return s.journeyRows(ctx, ws, q, lookback, fn)
}

// revenue is what a converted journey credits: the won amount, in the
// report's currency only.
func revenue(q reports.JourneyQuery, converted bool, amount int64, currency string) float64 {
	if converted && q.Conversion == reports.ConvertWon && currency == q.Currency {
		return float64(amount)
	}
	return 0
}

// newJourney starts a journey; milestones after its end did not happen yet.
func newJourney(id string, converted bool, convAt, created, opp, won time.Time, touches []analytics.Touch) analytics.Journey {
	j := analytics.Journey{ID: id, Touches: touches[:0], Converted: converted, ConvertedAt: convAt, LeadAt: created, OpportunityAt: opp, WonAt: won}
	for _, m := range []*time.Time{&j.OpportunityAt, &j.WonAt} {
		if m.After(j.ConvertedAt) {
			*m = time.Time{}
		}
	}
	return j
}

func (s Reports) journeyRows(ctx context.Context, ws string, q reports.JourneyQuery, lookback time.Duration, fn func(analytics.Journey, []reports.JourneyTouch) error) error {
	cte, args := s.journeyCTE(ws, q, lookback)
	rows, err := s.db.reader(ctx).Raw(cte+`
		SELECT CAST(sel.id AS text), sel.created_at, sel.opp_at, sel.won_at, sel.converted, sel.conv_at, sel.amount, sel.currency,
			CAST(x.tid AS text), x.occurred_at, x.type, x.channel, x.source, x.medium, x.campaign
		FROM sel LEFT JOIN touches x ON x.pid = sel.id
		ORDER BY sel.id, x.occurred_at, x.acct, x.owner, x.tid`, args...).Rows()
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
			if started {
				if err := fn(j, touches); err != nil {
					return err
				}
			}
			started, current = true, pid
			j = newJourney(pid, converted == 1, convAt.Time, created.Time, opp.Time, won.Time, j.Touches)
			j.Revenue = revenue(q, j.Converted, amount, currency)
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
	if started {
		return fn(j, touches)
	}
	return nil
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
