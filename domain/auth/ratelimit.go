package auth

import (
	"sync"
	"time"
)

// maxLimiterKeys caps memory: each key is one small map entry.
const maxLimiterKeys = 100_000

// fullSweepInterval throttles the extra sweeps made when the map is full, so a
// map full of live entries does not make every new key scan 100k entries.
const fullSweepInterval = time.Second

// Limiter counts attempts per key (a client IP, or a lower-cased email) in
// fixed windows. A fixed window can let up to 2×max through around a window
// edge; for login throttling that is acceptable and far simpler to reason
// about than a sliding log. It is safe for concurrent use.
type Limiter struct {
	max     int
	window  time.Duration
	now     func() time.Time
	maxKeys int

	mu        sync.Mutex
	entries   map[string]attempts
	lastSweep time.Time
}

type attempts struct {
	start time.Time // when the key's current window opened
	count int
}

// NewLimiter allows max attempts per key per window. now is the clock; nil
// means time.Now. It panics if max or window is not positive, as that is a
// programming error, not a runtime condition.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	if max <= 0 || window <= 0 {
		panic("auth: NewLimiter needs a positive max and window")
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{
		max:       max,
		window:    window,
		now:       now,
		maxKeys:   maxLimiterKeys,
		entries:   make(map[string]attempts),
		lastSweep: now(),
	}
}

// Allow records an attempt for key. When the key has used its attempts for
// the current window it returns false and how long until the window ends.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweepIfDue(now, l.window)

	a, tracked := l.entries[key]
	if tracked && now.Before(a.start.Add(l.window)) {
		if a.count >= l.max {
			return false, a.start.Add(l.window).Sub(now)
		}
		a.count++
		l.entries[key] = a
		return true, 0
	}
	if !tracked && len(l.entries) >= l.maxKeys {
		l.sweepIfDue(now, fullSweepInterval)
		if len(l.entries) >= l.maxKeys {
			// Refusing unknown keys would let a flood of addresses lock everyone
			// out; letting this one attempt through untracked fails open for
			// one request while keeping memory bounded.
			return true, 0
		}
	}
	l.entries[key] = attempts{start: now, count: 1}
	return true, 0
}

// Reset forgets key's attempts; login calls it for the account key on
// success, so a member's own typos do not lock them out later.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.entries, key)
}

// sweepIfDue drops entries whose window has ended, at most once per interval,
// so the cost stays amortised over many calls. Callers hold l.mu.
func (l *Limiter) sweepIfDue(now time.Time, interval time.Duration) {
	if now.Sub(l.lastSweep) < interval {
		return
	}
	l.lastSweep = now
	for k, a := range l.entries {
		if !now.Before(a.start.Add(l.window)) {
			delete(l.entries, k)
		}
	}
}
