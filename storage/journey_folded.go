package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/reports"
)

// The separators of a folded journey: touches by RS, a touch's group and
// time by US, the two parts of a source / medium group by GS. groupSQL
// strips them from the text it folds, so a campaign name cannot forge one.
const (
	foldTouch = "\x1e"
	foldTime  = "\x1f"
	foldPart  = "\x1d"
)

func groupSQL(by reports.GroupBy) string {
	clean := func(col string) string { return "translate(x." + col + ", chr(29) || chr(30) || chr(31), '')" }
	switch by {
	case reports.GroupCampaign:
		return clean("campaign")
	case reports.GroupSourceMed:
		return clean("source") + " || chr(29) || " + clean("medium")
	case reports.GroupTouchType:
		return "x.type"
	}
	return clean("channel")
}

func groupOf(by reports.GroupBy, folded string) string {
	switch by {
	case reports.GroupCampaign:
		return reports.GroupKey(by, "", "", "", "", folded)
	case reports.GroupSourceMed:
		source, medium, _ := strings.Cut(folded, foldPart)
		return reports.GroupKey(by, "", "", source, medium, "")
	case reports.GroupTouchType:
		return reports.GroupKey(by, folded, "", "", "", "")
	}
	return reports.GroupKey(by, "", folded, "", "", "")
}

// journeysFolded reads one row per journey, its touches folded in time order
// into one string of group and epoch pairs.
func (s Reports) journeysFolded(ctx context.Context, ws string, q reports.JourneyQuery, lookback time.Duration, fn func(analytics.Journey, []reports.JourneyTouch) error) error {
	cte, args := s.journeyCTE(ws, q, lookback)
	// Fold each journey's touches where they are, then join the journeys:
	// one sort of the touches by journey and time, no sort of the join.
	var j analytics.Journey
	return reportRows(ctx, s.db, cte+`,
		agg AS (
			SELECT x.pid, string_agg(`+groupSQL(q.GroupBy)+` || chr(31) || CAST(date_part('epoch', x.occurred_at) AS text), chr(30) ORDER BY x.occurred_at, x.tid) AS folded
			FROM touches x GROUP BY x.pid)
		SELECT CAST(sel.id AS text), sel.created_at, sel.opp_at, sel.won_at, sel.converted, sel.conv_at, sel.amount, sel.currency, agg.folded
		FROM sel LEFT JOIN agg ON agg.pid = sel.id`, args, func(rows *sql.Rows) error {
		var (
			pid, currency             string
			created, opp, won, convAt sqlTime
			converted                 int
			amount                    int64
			folded                    *string
		)
		if err := rows.Scan(&pid, &created, &opp, &won, &converted, &convAt, &amount, &currency, &folded); err != nil {
			return translate(err, "journeys")
		}
		j = newJourney(pid, converted == 1, convAt.Time, created.Time, opp.Time, won.Time, j.Touches)
		j.Revenue = revenue(q, j.Converted, amount, currency)
		if folded != nil {
			for _, t := range strings.Split(*folded, foldTouch) {
				group, epoch, _ := strings.Cut(t, foldTime)
				sec, err := strconv.ParseFloat(epoch, 64)
				if err != nil {
					return translate(err, "journeys")
				}
				whole, frac := math.Modf(sec)
				j.Touches = append(j.Touches, analytics.Touch{Group: groupOf(q.GroupBy, group), At: time.Unix(int64(whole), int64(math.Round(frac*1e6))*1e3).UTC()})
			}
		}
		return fn(j, nil)
	})
}

// journeyPaths serves models that read only the order of a journey's groups
// (markov, shapley): journeys with the same path and outcome are one row with
// their count and revenue, handed on as that many journeys sharing the
// revenue equally, which those models cannot tell from the originals.
func (s Reports) journeyPaths(ctx context.Context, ws string, q reports.JourneyQuery, lookback time.Duration, fn func(analytics.Journey, []reports.JourneyTouch) error) error {
	cte, args := s.journeyCTE(ws, q, lookback)
	args = append(args, q.Currency)
	var j analytics.Journey
	return reportRows(ctx, s.db, cte+`,
		agg AS (
			SELECT x.pid, string_agg(`+groupSQL(q.GroupBy)+`, chr(30) ORDER BY x.occurred_at, x.tid) AS path
			FROM touches x GROUP BY x.pid),
		j AS (
			SELECT sel.converted, CASE WHEN sel.converted = 1 AND sel.currency = ? THEN sel.amount ELSE 0 END AS rev, agg.path
			FROM sel LEFT JOIN agg ON agg.pid = sel.id)
		SELECT converted, path, count(*), sum(rev) FROM j GROUP BY converted, path`, args, func(rows *sql.Rows) error {
		var (
			converted int
			path      *string
			n         int64
			rev       float64
		)
		if err := rows.Scan(&converted, &path, &n, &rev); err != nil {
			return translate(err, "journeys")
		}
		j = analytics.Journey{Converted: converted == 1, Touches: j.Touches[:0]}
		if j.Converted && q.Conversion == reports.ConvertWon {
			j.Revenue = rev / float64(n)
		}
		if path != nil {
			for _, g := range strings.Split(*path, foldTouch) {
				j.Touches = append(j.Touches, analytics.Touch{Group: groupOf(q.GroupBy, g)})
			}
		}
		for range n {
			if err := fn(j, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// reportRows runs a report's big query and hands its rows to each. On
// PostgreSQL it runs in a read-only transaction with room to sort in
// memory: the default 4 MB of work_mem sends a million-touch sort to disk.
func reportRows(ctx context.Context, db *DB, query string, args []any, each func(*sql.Rows) error) error {
	run := func(tx *gorm.DB) error {
		rows, err := tx.Raw(query, args...).Rows()
		if err != nil {
			return translate(err, "report")
		}
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			if err := each(rows); err != nil {
				return err
			}
		}
		return translate(rows.Err(), "report")
	}
	if db.dialect != Postgres || inTx(ctx) {
		return run(db.reader(ctx))
	}
	err := db.reader(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("SET TRANSACTION READ ONLY").Error; err != nil {
			return translate(err, "report")
		}
		if err := tx.Exec("SET LOCAL work_mem = '64MB'").Error; err != nil {
			return translate(err, "report")
		}
		return run(tx)
	})
	return overBudget(ctx, err)
}

// overBudget marks a report query cancelled by the statement timeout (not
// by the client leaving) as too large: retrying the same request would time
// out again.
func overBudget(ctx context.Context, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "57014" && ctx.Err() == nil {
		return fmt.Errorf("%w: %w", domain.ErrTooLarge, err)
	}
	return err
}
