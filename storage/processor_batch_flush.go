package storage

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain"
)

// The second half of a batch's work: writing what batchStore held back, each
// kind of row in one statement (or COPY) before the commit.

// flush writes what the batch holds back: visitors, then new sessions,
// page views on stored sessions and touchpoints, one statement each (in
// chunks for very large batches).
func (b *batchStore) flush(ctx context.Context) error {
	if err := b.flushVisitors(ctx); err != nil {
		return err
	}
	var added [][]any
	var hits [][]any // workspace, session id, page views, last hit
	for k, h := range b.sessions {
		switch {
		case h.added:
			s := h.s
			added = append(added, []any{s.WorkspaceID, s.ID, s.AnonymousID, s.ContactID, s.Number, s.StartedAt, s.LastAt,
				string(s.Channel), s.Source, s.Medium, s.Campaign, s.Content, s.Term, s.LandingPage, s.Referrer, string(s.DeviceType), s.PageViews})
		case h.hits > 0:
			ws, id, _ := strings.Cut(k, "\x00")
			hits = append(hits, []any{ws, id, h.hits, h.last})
		}
	}
	if err := b.add(ctx, "sessions", sessionColumns, added); err != nil {
		return translate(err, "session")
	}
	if err := b.countHits(ctx, hits); err != nil {
		return err
	}
	clear(b.sessions)
	if err := b.add(ctx, "touchpoints", touchpointColumns, b.touches); err != nil {
		return translate(err, "touchpoint")
	}
	b.touches = b.touches[:0]
	return nil
}

// A column of a batch insert and its PostgreSQL type.
type column struct{ name, typ string }

var (
	visitorColumns = []column{{"workspace_id", "uuid"}, {"anonymous_id", "text"}, {"contact_id", "uuid"}, {"first_seen_at", "timestamptz"},
		{"last_seen_at", "timestamptz"}, {"session_number", "integer"}, {"session_started_at", "timestamptz"},
		{"session_last_at", "timestamptz"}, {"session_campaign", "text"}, {"session_id", "uuid"}}
	sessionColumns = []column{{"workspace_id", "uuid"}, {"id", "uuid"}, {"anonymous_id", "text"}, {"contact_id", "uuid"},
		{"number", "integer"}, {"started_at", "timestamptz"}, {"last_at", "timestamptz"}, {"channel", "text"}, {"source", "text"},
		{"medium", "text"}, {"campaign", "text"}, {"content", "text"}, {"term", "text"}, {"landing_page", "text"}, {"referrer", "text"},
		{"device_type", "text"}, {"page_views", "integer"}}
	touchpointColumns = []column{{"workspace_id", "uuid"}, {"id", "uuid"}, {"type", "text"}, {"channel", "text"}, {"source", "text"},
		{"medium", "text"}, {"campaign", "text"}, {"campaign_id", "uuid"}, {"content", "text"}, {"term", "text"},
		{"occurred_at", "timestamptz"}, {"contact_id", "uuid"}, {"account_id", "uuid"}, {"anonymous_id", "text"}, {"session_id", "uuid"},
		{"event_id", "uuid"}, {"landing_page", "text"}, {"referrer", "text"}, {"device_type", "text"}, {"created_at", "timestamptz"}}
)

// insert adds rows to table, then suffix (an ON CONFLICT clause, or ""): on
// PostgreSQL with one INSERT … SELECT FROM unnest, on SQLite with
// multi-row VALUES of up to 500 rows.
func (b *batchStore) insert(ctx context.Context, table string, cols []column, rows [][]any, suffix string) error {
	if len(rows) == 0 {
		return nil
	}
	names := make([]string, len(cols))
	types := make([]string, len(cols))
	for i, c := range cols {
		names[i], types[i] = c.name, c.typ
	}
	head := "INSERT INTO " + table + " (" + strings.Join(names, ", ") + ") "
	if b.db.dialect == Postgres {
		u, args, err := unnest(rows, types...)
		if err != nil {
			return err
		}
		return b.db.writer(ctx).Exec(head+"SELECT * FROM "+u+suffix, args...).Error
	}
	for chunk := range slices.Chunk(rows, 500) {
		if err := b.db.writer(ctx).Exec(head+"VALUES "+valuesList(len(chunk), len(cols))+suffix, flat(chunk)...).Error; err != nil {
			return err
		}
	}
	return nil
}

// add inserts rows that are new to table: on PostgreSQL with COPY, in the
// transaction copyTx began. COPY writes rows a page at a time and costs the
// database less per row than an INSERT from arrays: BenchmarkProcessBatch
// took 5–10% less per event with the sessions and touchpoints COPYd
// (docs/benchmarks.md, thirteenth session).
func (b *batchStore) add(ctx context.Context, table string, cols []column, rows [][]any) error {
	if _, ok := ctx.Value(copyConnKey{}).(*copyConn); !ok || len(rows) == 0 {
		return b.insert(ctx, table, cols, rows, "")
	}
	names := make([]string, len(cols))
	arrays := make([]indexed, len(cols))
	for c, col := range cols {
		a, err := arrayOf(col.typ, rows, c)
		if err != nil {
			return err
		}
		names[c], arrays[c] = col.name, a.(indexed)
	}
	vals := make([]any, len(cols))
	return copyRows(ctx, table, names, len(rows), func(i int) []any {
		for c, a := range arrays {
			vals[c] = a.Index(i)
		}
		return vals
	})
}

// countHits adds held page views to stored sessions: on PostgreSQL in one
// UPDATE, on SQLite (in process, no round trips) one
// UPDATE a session.
func (b *batchStore) countHits(ctx context.Context, hits [][]any) error {
	if len(hits) == 0 {
		return nil
	}
	if b.db.dialect != Postgres {
		for _, h := range hits {
			if err := affected(b.db.writer(ctx).Exec(`UPDATE sessions SET page_views = page_views + ?,
				last_at = CASE WHEN last_at < ? THEN ? ELSE last_at END WHERE workspace_id = ? AND id = ?`, h[2], h[3], h[3], h[0], h[1]), "session"); err != nil {
				return err
			}
		}
		return nil
	}
	args, err := unnestArgs(hits, "uuid", "uuid", "integer", "timestamptz")
	if err != nil {
		return err
	}
	res := b.db.writer(ctx).Exec(countHitsSQL, args...)
	if res.Error != nil {
		return translate(res.Error, "session")
	}
	if res.RowsAffected != int64(len(hits)) {
		return fmt.Errorf("session: %d of %d: %w", int64(len(hits))-res.RowsAffected, len(hits), domain.ErrNotFound)
	}
	return nil
}

// flushVisitors writes the visitors the batch created and the session
// state of those it changed.
func (b *batchStore) flushVisitors(ctx context.Context) error {
	var created, changed [][]any
	for _, k := range b.keys {
		h := b.visitors[k.String()]
		if h == nil || !h.new && !h.dirty {
			continue
		}
		v := h.v
		row := []any{v.WorkspaceID, v.AnonymousID, v.ContactID, v.FirstSeenAt, v.LastSeenAt, v.Session.Number,
			v.Session.StartedAt, v.Session.LastAt, v.Session.Campaign, v.SessionID}
		if h.new {
			created = append(created, row)
		} else {
			changed = append(changed, row)
		}
		h.new, h.dirty = false, false
	}
	// In key order, like the locks: two workers creating the same visitors
	// wait for each other in one direction only. A plain INSERT: if another
	// worker created one meanwhile, it fails on the key once that worker
	// commits. (ON CONFLICT DO NOTHING, which let the batch see that without
	// failing, cost 40% more a row on PostgreSQL: each row is inserted
	// speculatively and then confirmed.)
	if err := b.insert(ctx, "visitors", visitorColumns, created, ""); err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return errVisitorRace
		}
		return translate(err, "visitor")
	}
	// The batch's other visitors are locked and it keeps their contact (LinkVisitor).
	return translate(b.insert(ctx, "visitors", visitorColumns, changed, ` ON CONFLICT (workspace_id, anonymous_id) DO UPDATE SET
		contact_id = excluded.contact_id, last_seen_at = excluded.last_seen_at,
		session_number = excluded.session_number, session_started_at = excluded.session_started_at,
		session_last_at = excluded.session_last_at, session_campaign = excluded.session_campaign,
		session_id = excluded.session_id`), "visitor")
}

// flat is rows' values in order, for a VALUES list.
func flat(rows [][]any) []any {
	out := make([]any, 0, len(rows)*len(rows[0]))
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// valuesList is a VALUES list of n rows of width parameters.
func valuesList(n, width int) string {
	row := "(" + placeholders(width) + ")"
	return strings.Repeat(row+", ", n-1) + row
}
