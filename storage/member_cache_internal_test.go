package storage

import (
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain/workspace"
)

// The cache's rules, one by one, with its clock in the test's hands.
func TestMemberCacheRules(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newMemberCache()
	c.now = func() time.Time { return now }
	k := memberKey{"w", "m"}
	owner := workspace.Member{WorkspaceID: "w", ID: "m", Role: "owner"}
	hit := func() bool { _, _, ok := c.get(k); return ok }

	// Not listening: nothing is stored or served.
	_, g, _ := c.get(k)
	c.put(k, owner, g)
	if hit() {
		t.Fatal("served while the listener is down")
	}
	c.reset(true)

	// A read stores what it read, and the next read is served.
	_, g, _ = c.get(k)
	c.put(k, owner, g)
	if m, _, ok := c.get(k); !ok || m != owner {
		t.Fatalf("not served after a read: %+v %v", m, ok)
	}

	// A drop between a read's start and its store: the old row is not stored.
	c.drop(k)
	_, g, _ = c.get(k)
	c.drop(k) // the change commits while the read is in flight
	c.put(k, owner, g)
	if hit() {
		t.Fatal("a row read before a drop was stored after it")
	}
	// So is any drop, of anyone, and a cleared cache.
	_, g, _ = c.get(k)
	c.drop(memberKey{"w", "other"})
	c.put(k, owner, g)
	_, g2, _ := c.get(k)
	c.clearAll()
	c.put(k, owner, g2)
	if hit() {
		t.Fatal("a row read before a drop or a clear was stored after it")
	}

	// Entries expire.
	_, g, _ = c.get(k)
	c.put(k, owner, g)
	now = now.Add(memberCacheTTL - time.Millisecond)
	if !hit() {
		t.Fatal("expired early")
	}
	now = now.Add(time.Millisecond)
	if hit() {
		t.Fatal("served past its lifetime")
	}

	// A notification drops its member; one it cannot read drops everyone.
	_, g, _ = c.get(k)
	c.put(k, owner, g)
	c.dropPayload("w/m")
	if hit() {
		t.Fatal("a notification did not drop the member")
	}
	_, g, _ = c.get(k)
	c.put(k, owner, g)
	c.dropPayload("garbage")
	if hit() {
		t.Fatal("an unreadable notification left the cache as it was")
	}

	// Losing the listener empties the cache and stops it serving.
	_, g, _ = c.get(k)
	c.put(k, owner, g)
	c.reset(false)
	if hit() {
		t.Fatal("served after the listener was lost")
	}
	c.reset(true)
	if hit() {
		t.Fatal("an entry from before the outage came back")
	}

	// It is bounded.
	for i := range maxCachedMember + 5 {
		_, g, _ := c.get(memberKey{"w", string(rune(i))})
		c.put(memberKey{"w", string(rune(i))}, owner, g)
	}
	if n := len(c.entries); n > maxCachedMember {
		t.Fatalf("%d entries, bound %d", n, maxCachedMember)
	}
}
