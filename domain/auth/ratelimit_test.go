package auth

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a settable time source for tests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newTestLimiter(max int, window time.Duration) (*Limiter, *clock) {
	c := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	return NewLimiter(max, window, c.Now), c
}

func TestLimiterDeniesAfterMax(t *testing.T) {
	l, c := newTestLimiter(3, time.Minute)
	for i := range 3 {
		if ok, _ := l.Allow("1.2.3.4"); !ok {
			t.Fatalf("attempt %d denied, want allowed", i+1)
		}
	}
	c.Advance(20 * time.Second)
	ok, retry := l.Allow("1.2.3.4")
	if ok || retry != 40*time.Second {
		t.Fatalf("4th attempt = %v, %v; want denied, retry after 40s", ok, retry)
	}
	if ok, _ := l.Allow("5.6.7.8"); !ok {
		t.Error("another key was denied; keys must be independent")
	}
	c.Advance(40 * time.Second)
	if ok, _ := l.Allow("1.2.3.4"); !ok {
		t.Error("attempt after the window denied, want allowed")
	}
}

func TestLimiterReset(t *testing.T) {
	l, _ := newTestLimiter(2, time.Minute)
	l.Allow("a@example.com")
	l.Allow("a@example.com")
	if ok, _ := l.Allow("a@example.com"); ok {
		t.Fatal("3rd attempt allowed, want denied")
	}
	l.Reset("a@example.com")
	if ok, _ := l.Allow("a@example.com"); !ok {
		t.Error("attempt after Reset denied, want allowed")
	}
}

func TestLimiterBoundsMemory(t *testing.T) {
	l, c := newTestLimiter(1, time.Minute)
	l.maxKeys = 2
	c.Advance(30 * time.Second)
	l.Allow("a") // window 0:30–1:30
	c.Advance(30 * time.Second)
	l.Allow("b") // window 1:00–2:00; the regular sweep ran here
	// Full of live entries: a new key is allowed but not tracked.
	for range 3 {
		if ok, _ := l.Allow("c"); !ok {
			t.Fatal("untracked key denied, want allowed")
		}
	}
	if len(l.entries) != 2 {
		t.Fatalf("%d entries, want the cap of 2", len(l.entries))
	}
	// At 1:35 "a" has expired but the regular sweep is not due until 2:00; the
	// full map forces one, so "c" takes a's place and is limited.
	c.Advance(35 * time.Second)
	l.Allow("c")
	if ok, _ := l.Allow("c"); ok {
		t.Error("tracked key over max allowed, want denied")
	}
	// Once every window has ended the regular sweep empties the map.
	c.Advance(2 * time.Minute)
	l.Allow("d")
	if len(l.entries) != 1 {
		t.Errorf("%d entries after sweep, want 1", len(l.entries))
	}
}

func TestLimiterConcurrent(t *testing.T) {
	const max = 50
	l, _ := newTestLimiter(max, time.Minute)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if ok, _ := l.Allow("k"); ok {
					allowed.Add(1)
				}
				l.Allow("other")
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != max {
		t.Errorf("%d attempts allowed, want exactly %d", n, max)
	}
}
