package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/reports"
)

// Touch paths (migration 00007) hold each field of an owner's touches in
// time order, separated by foldTouch. A journey reads its contacts' paths
// as one segment per contact (in id order, separated by foldOwner) and its
// account's own path apart.
const (
	foldTouch = "\x1e"
	foldOwner = "\x1d"
)

// pathColumns are the touch_paths columns that hold a grouping's fields.
func pathColumns(by reports.GroupBy) []string {
	switch by {
	case reports.GroupCampaign:
		return []string{"campaigns"}
	case reports.GroupSourceMed:
		return []string{"sources", "mediums"}
	case reports.GroupTouchType:
		return []string{"types"}
	}
	return []string{"channels"}
}

// journeysFolded reads one row per journey: the prospect, and its owners'
// touch paths (the times and the fields the grouping needs). Go cuts each
// journey to its window and merges its owners' touches in time order.
func (s Reports) journeysFolded(ctx context.Context, ws string, q reports.JourneyQuery, lookback time.Duration, fn func(analytics.Journey, []reports.JourneyTouch) error) error {
	cte, args := s.selectedCTE(ws, q)
	cols := append([]string{"times"}, pathColumns(q.GroupBy)...)
	// The contacts' paths in whatever order they come (an ORDER BY in the
	// aggregate costs a sort per journey), with their ids to order them by.
	agg, outer := []string{"string_agg(CAST(tp.owner_id AS text), chr(29)) AS owners"}, []string{"f.owners"}
	for _, c := range cols {
		agg = append(agg, "string_agg(tp."+c+", chr(29)) AS "+c)
		outer = append(outer, "f."+c+", ap."+c)
	}
	args = append(args, ws, ws)
	fields := make([]*string, 2*len(cols)) // each column's contact paths, then its account path
	dest := make([]any, 0, 8+len(fields))
	var (
		pid, currency             string
		created, opp, won, convAt sqlTime
		converted                 int
		amount                    int64
		owners                    *string
	)
	dest = append(dest, &pid, &created, &opp, &won, &converted, &convAt, &amount, &currency, &owners)
	for i := range fields {
		dest = append(dest, &fields[i])
	}
	var (
		j     analytics.Journey
		merge pathMerge
	)
	return reportRows(ctx, s.db, cte+`
		SELECT CAST(sel.id AS text), sel.created_at, sel.opp_at, sel.won_at, sel.converted, sel.conv_at, sel.amount, sel.currency, `+strings.Join(outer, ", ")+`
		FROM sel LEFT JOIN LATERAL (
			SELECT `+strings.Join(agg, ", ")+`
			FROM prospect_contacts pc JOIN touch_paths tp ON tp.workspace_id = pc.workspace_id AND tp.owner_id = pc.contact_id
			WHERE pc.workspace_id = ? AND pc.prospect_id = sel.id) f ON true
		LEFT JOIN touch_paths ap ON ap.workspace_id = ? AND ap.owner_kind = 'account' AND ap.owner_id = sel.account_id`, args, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return translate(err, "journeys")
		}
		j = newJourney(pid, converted == 1, convAt.Time, created.Time, opp.Time, won.Time, j.Touches)
		j.Revenue = revenue(q, j.Converted, amount, currency)
		if fields[0] != nil || fields[1] != nil {
			if err := merge.read(q.GroupBy, owners, fields, j.ConvertedAt.Add(-lookback), j.ConvertedAt); err != nil {
				return translate(err, "journeys")
			}
			j.Touches = merge.journey(j.Touches)
		}
		return fn(j, nil)
	})
}

// pathMerge turns a journey's folded owner segments into its touches,
// reusing its buffers from one journey to the next.
type pathMerge struct {
	touches []ownerTouch
	cols    []string
}

type ownerTouch struct {
	analytics.Touch
	owner int
}

// read parses a journey's paths: fields holds, for times and then each of
// the grouping's columns, the contacts' paths (one segment per contact, ids
// in owners, in any order) and the account's own path. It keeps the touches
// from..to, numbering owners as ties are broken: the contacts by id, then
// the account.
func (m *pathMerge) read(by reports.GroupBy, owners *string, fields []*string, from, to time.Time) error {
	m.touches = m.touches[:0]
	n := len(fields) / 2
	if len(m.cols) != n {
		m.cols = make([]string, n)
	}
	cols, owner := m.cols, 0
	if fields[0] != nil {
		if owners == nil || !strings.Contains(*owners, foldOwner) {
			for i := range cols {
				cols[i] = str(fields[2*i])
			}
			if err := m.segment(by, cols, owner, from, to); err != nil {
				return err
			}
			owner++
		} else {
			ids := strings.Split(*owners, foldOwner)
			segs := make([][]string, n)
			for i := range segs {
				if segs[i] = strings.Split(str(fields[2*i]), foldOwner); len(segs[i]) != len(ids) {
					return fmt.Errorf("touch path: %d owners, %d segments in column %d", len(ids), len(segs[i]), i)
				}
			}
			order := make([]int, len(ids))
			for k := range order {
				order[k] = k
			}
			sort.Slice(order, func(a, b int) bool { return ids[order[a]] < ids[order[b]] })
			for _, k := range order {
				for i := range cols {
					cols[i] = segs[i][k]
				}
				if err := m.segment(by, cols, owner, from, to); err != nil {
					return err
				}
				owner++
			}
		}
	}
	if fields[1] != nil {
		for i := range cols {
			cols[i] = str(fields[2*i+1])
		}
		return m.segment(by, cols, owner, from, to)
	}
	return nil
}

// segment parses one owner's path: its times, then its grouping columns.
func (m *pathMerge) segment(by reports.GroupBy, cols []string, owner int, from, to time.Time) error {
	lo, hi := from.UnixMicro(), to.UnixMicro()
	for cols[0] != "" {
		var at string
		at, cols[0], _ = strings.Cut(cols[0], foldTouch)
		vals := [2]string{}
		for i := 1; i < len(cols); i++ {
			vals[i-1], cols[i], _ = strings.Cut(cols[i], foldTouch)
		}
		us, err := strconv.ParseInt(at, 10, 64)
		if err != nil {
			return fmt.Errorf("touch path: %w", err)
		}
		if us < lo || us > hi {
			continue
		}
		m.touches = append(m.touches, ownerTouch{analytics.Touch{Group: groupOf(by, vals), At: time.UnixMicro(us).UTC()}, owner})
	}
	return nil
}

// journey appends the touches to buf[:0] in time order, a tie broken by
// owner (the contacts by id, then the account). One owner's touches are in
// order already.
func (m *pathMerge) journey(buf []analytics.Touch) []analytics.Touch {
	ts := m.touches
	if len(ts) > 0 && ts[len(ts)-1].owner > 0 {
		sort.SliceStable(ts, func(a, b int) bool {
			if !ts[a].At.Equal(ts[b].At) {
				return ts[a].At.Before(ts[b].At)
			}
			return ts[a].owner < ts[b].owner
		})
	}
	buf = buf[:0]
	for _, t := range ts {
		buf = append(buf, t.Touch)
	}
	return buf
}

// groupOf is a touch's group from its path fields: one, or source and
// medium.
func groupOf(by reports.GroupBy, v [2]string) string {
	switch by {
	case reports.GroupCampaign:
		return reports.GroupKey(by, "", "", "", "", v[0])
	case reports.GroupSourceMed:
		return reports.GroupKey(by, "", "", v[0], v[1], "")
	case reports.GroupTouchType:
		return reports.GroupKey(by, v[0], "", "", "", "")
	}
	return reports.GroupKey(by, "", v[0], "", "", "")
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
