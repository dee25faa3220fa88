package storage

import (
	"context"
	"errors"
	"time"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/tracking"

	"gorm.io/gorm"
)

// Gorm lets the package's external tests check stored rows with SQL.
func (db *DB) Gorm(ctx context.Context) *gorm.DB { return db.reader(ctx) }

// MigrateDownTo rolls the schema back to version, for tests of what a
// migration fills in for the data before it.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}

// ProcessEachAlone processes the queue one event per transaction, writing
// each change as the processor makes it: the reference batched processing
// must agree with.
func (db *DB) ProcessEachAlone(ctx context.Context) error {
	for {
		var claimed []queuedRow
		err := db.Tx(ctx, func(ctx context.Context) error {
			var evs []tracking.QueuedEvent
			var err error
			if claimed, evs, err = db.claim(ctx, 1, nil); err != nil || len(claimed) == 0 {
				return err
			}
			return tracking.NewProcessor(processorStore{db}).Process(ctx, evs)
		})
		if err != nil || len(claimed) == 0 {
			return err
		}
	}
}

// Unnest sends vals as one array parameter of type typ (pgArray) and reads
// them back as text, NULL as nil: PostgreSQL only.
func (db *DB) Unnest(ctx context.Context, typ string, vals []any) ([]*string, error) {
	keys := make([][]any, len(vals))
	for i, v := range vals {
		keys[i] = []any{v}
	}
	u, args, err := unnest(keys, typ)
	if err != nil {
		return nil, err
	}
	rows, err := db.reader(ctx).Raw("SELECT CAST(v AS text) FROM "+u+" WITH ORDINALITY AS u (v, n) ORDER BY n", args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*string
	for rows.Next() {
		var v *string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// FindAll is findAll, for the test that holds it to GORM's Find.
func FindAll[T any](q *gorm.DB) ([]T, error) { return findAll[T](q) }

// ScansInPlace reports whether findAll reads T's rows with these columns
// into place rather than through GORM's scan.
func ScansInPlace[T any](q *gorm.DB, cols []string) bool {
	_, ok := planFor[T](q, cols)
	return ok
}

// LinkByKeySQL is the statement that links a campaign's touchpoints by key.
const LinkByKeySQL = linkByKeySQL

// TimelineSQL is the statement a timeline reads its first page of one kind
// of item with ("events", "touchpoints" or "activities"), its values
// written in.
func (db *DB) TimelineSQL(ctx context.Context, kind, ws string, subj crm.TimelineSubject) string {
	of := map[string]func(*gorm.DB, string, crm.TimelineSubject) *gorm.DB{"events": trackedEvents, "touchpoints": touchpointsOf, "activities": activitiesOf}[kind]
	col := map[string]string{"events": `"timestamp"`, "touchpoints": "occurred_at", "activities": "occurred_at"}[kind]
	return db.reader(ctx).ToSQL(func(tx *gorm.DB) *gorm.DB {
		var rows []map[string]any
		return of(tx, ws, subj).Order(col + " DESC, id DESC").Limit(50).Find(&rows)
	})
}

// UserVisitorHits is the condition that selects a server-side visitor's hits.
const UserVisitorHits = userVisitorHits

// ProspectRow is the row prospect lists read.
type ProspectRow = prospectRow

const ProspectSelect = prospectSelect

// MemberCacheLive reports whether the member cache serves: PostgreSQL with
// its listener connected.
func (db *DB) MemberCacheLive() bool {
	if db.members == nil {
		return false
	}
	db.members.mu.Lock()
	defer db.members.mu.Unlock()
	return db.members.live
}

// MemberCached reports whether the member cache holds the member.
func (db *DB) MemberCached(ws, id string) bool {
	if db.members == nil {
		return false
	}
	_, _, ok := db.members.get(memberKey{ws, id})
	return ok
}

// Claim claims up to limit events as the processor does, in a transaction
// it rolls back, and returns them with their messages.
func (db *DB) Claim(ctx context.Context, limit int) ([]tracking.QueuedEvent, error) {
	var evs []tracking.QueuedEvent
	errRollback := errors.New("roll back")
	err := db.Tx(ctx, func(ctx context.Context) error {
		var err error
		if _, evs, err = db.claim(ctx, limit, nil); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		return nil, err
	}
	return evs, nil
}

// SetSweepChunk sets how many messageIds SweepDedupe forgets per
// statement, and returns the function that restores it.
func SetSweepChunk(n int) (restore func()) {
	old := sweepChunk
	sweepChunk = n
	return func() { sweepChunk = old }
}

// SetOneTripRows sets the largest group db's ingest stores in one round
// trip on PostgreSQL: 0 COPYs every group. Set it before the first write.
func SetOneTripRows(db *DB, n int) { db.oneTripRows = n }

// AddWorkspacesInCopyTx adds two workspaces in one copyTx, the first with an
// INSERT and the second with copyRows, and then returns fail, which rolls
// both back when it is not nil.
func AddWorkspacesInCopyTx(ctx context.Context, db *DB, inserted, copied string, fail error) error {
	return db.copyTx(ctx, func(ctx context.Context) error {
		now := time.Now().UTC()
		if err := db.writer(ctx).Exec("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES (?, 'inserted', ?, ?)", inserted, now, now).Error; err != nil {
			return err
		}
		id, err := uuidBytes(copied)
		if err != nil {
			return err
		}
		if err := copyRows(ctx, "workspaces", []string{"id", "name", "created_at", "updated_at"}, 1, func(int) []any {
			return []any{id, "copied", now, now}
		}); err != nil {
			return err
		}
		return fail
	})
}

// RecentEvents is how many messages ingest has handed to the processor
// and it has not taken yet.
func (db *DB) RecentEvents() int {
	db.recent.mu.Lock()
	defer db.recent.mu.Unlock()
	return len(db.recent.cur) + len(db.recent.prev)
}

// Regrouped is how many of the batcher's groups failed and were retried
// request by request.
func (b *Batcher) Regrouped() int64 { return b.regrouped.Load() }

// ProcessTx is one claimed batch as processBatch starts it: claimed again
// when another worker created one of its new visitors, but without the
// event-by-event retry that follows any other failure.
func (db *DB) ProcessTx(ctx context.Context, limit int) (int, error) {
	claimed, err := db.processTx(ctx, limit, nil)
	return len(claimed), err
}

// SetQueueVacuumRows sets how many events db's processor takes off the
// queue between two VACUUMs of it on PostgreSQL.
func SetQueueVacuumRows(db *DB, n int) { db.queueVacuumRows = n }

// KeyedPlans plans the rest of the transaction in ctx as the event
// processor's statements are planned.
func KeyedPlans(ctx context.Context, db *DB) error { return db.keyedPlans(ctx) }

// ProcessorKeyedSQL is the event processor's statements that join a batch's
// keys to the rows they name, by name.
var ProcessorKeyedSQL = map[string]string{
	"visitors": visitorsByKeySQL, "sessions": sessionsByKeySQL, "count hits": countHitsSQL, "payloads": payloadsByKeySQL,
	"link sessions": linkSessionsSQL, "link touchpoints": linkTouchpointsSQL, "link touchpoint accounts": linkTouchpointAccountsSQL,
}
