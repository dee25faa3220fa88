package storage

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onefunnel/onefunnel/domain/workspace"
)

// memberCache keeps the member rows that authentication reads on every
// request a token makes, on PostgreSQL, where each read is a round trip: a
// tenth of a request's cost on the server and a statement on the database
// (docs/benchmarks.md#rest-api).
//
// The member row is read on every request so that a removed or demoted
// member loses their powers at once, not when their token expires. The cache
// keeps that promise by being told of every change:
//
//   - A trigger on members (migration 00009) notifies the channel
//     onefunnel_members with "workspace/member" on every update and delete,
//     whichever code or person makes it, cascades included. Each replica
//     listens on its own connection and drops the entry when told; a change
//     made on another replica reaches this one as fast as the notification.
//   - This replica's own changes drop the entry again right after their
//     commit (afterCommit), so the next request here sees them without
//     waiting for the notification.
//   - A read that began before a drop does not store what it read (gen).
//   - Entries are served only while the listener is connected (live);
//     losing it empties the cache and reading goes to the database until
//     LISTEN succeeds again. Entries also expire after memberCacheTTL, which
//     bounds what a connection that died without a word could cost.
//   - Reads inside a transaction bypass the cache, and "not found" is never
//     cached.
//
// SQLite reads the row in-process and has no cache.
type memberCache struct {
	mu      sync.Mutex
	live    bool
	gen     uint64
	entries map[memberKey]cachedMember
	now     func() time.Time
}

type memberKey struct{ ws, id string }

type cachedMember struct {
	m  workspace.Member
	at time.Time
}

const (
	memberChannel   = "onefunnel_members"
	memberCacheTTL  = 10 * time.Second
	maxCachedMember = 50_000
)

func newMemberCache() *memberCache {
	return &memberCache{entries: map[memberKey]cachedMember{}, now: time.Now}
}

// get answers from the cache, or says to read the database and gives the
// generation to store the result with.
func (c *memberCache) get(k memberKey) (workspace.Member, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.live {
		return workspace.Member{}, 0, false
	}
	e, ok := c.entries[k]
	if ok && c.now().Sub(e.at) < memberCacheTTL {
		return e.m, c.gen, true
	}
	return workspace.Member{}, c.gen, false
}

// put stores a row read from the database, unless something was dropped
// since the read began (gen moved) or the listener is down.
func (c *memberCache) put(k memberKey, m workspace.Member, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.live || gen != c.gen {
		return
	}
	if len(c.entries) >= maxCachedMember {
		clear(c.entries)
	}
	c.entries[k] = cachedMember{m: m, at: c.now()}
}

func (c *memberCache) drop(k memberKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.entries, k)
}

// reset empties the cache and says whether it may serve.
func (c *memberCache) reset(live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.live = live
	clear(c.entries)
}

// dropPayload drops the member a notification names; one it cannot read
// empties the cache.
func (c *memberCache) dropPayload(p string) {
	ws, id, ok := strings.Cut(p, "/")
	if !ok {
		c.clearAll()
		return
	}
	c.drop(memberKey{ws, id})
}

// listen keeps a LISTEN connection to dsn until ctx ends, and the cache
// live only while it is up.
func (c *memberCache) listen(ctx context.Context, dsn string, log *slog.Logger, done chan<- struct{}) {
	defer close(done)
	backoff := 100 * time.Millisecond
	down := false // reported down, not yet back
	for ctx.Err() == nil {
		listened, err := c.listenOnce(ctx, dsn, func() {
			if down {
				log.Info("member cache listening again: member rows are cached again")
				down = false
			}
		})
		if ctx.Err() != nil {
			return
		}
		if !down {
			log.Warn("member cache not listening: every request reads its member row from the database until it is back", "err", err)
			down = true
		}
		if listened {
			backoff = 100 * time.Millisecond // it was up: try again at once
			continue
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listenOnce listens until the connection fails or ctx ends, calling up
// once LISTEN succeeds, and says whether it did and why it stopped. The
// cache serves only in between.
func (c *memberCache) listenOnce(ctx context.Context, dsn string, up func()) (listened bool, err error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.Background())
	defer c.reset(false)
	if _, err := conn.Exec(ctx, "LISTEN "+memberChannel); err != nil {
		return false, err
	}
	c.reset(true)
	up()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		c.dropPayload(n.Payload)
	}
}

// afterCommit runs fn once ctx's transaction has committed, or now when ctx
// carries none.
func afterCommit(ctx context.Context, fn func()) {
	if hooks, ok := ctx.Value(commitHooksKey{}).(*[]func()); ok {
		*hooks = append(*hooks, fn)
		return
	}
	fn()
}

type commitHooksKey struct{}

// dropMemberAfterCommit drops a member this replica changes, once the change
// is visible to the database's other sessions.
func (db *DB) dropMemberAfterCommit(ctx context.Context, ws, id string) {
	if db.members != nil {
		afterCommit(ctx, func() { db.members.drop(memberKey{ws, id}) })
	}
}

// dropMembersAfterCommit empties the cache after ctx's commit, for changes
// to many members at once (a workspace deleted).
func (db *DB) dropMembersAfterCommit(ctx context.Context) {
	if db.members != nil {
		afterCommit(ctx, db.members.clearAll)
	}
}

func (c *memberCache) clearAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}
