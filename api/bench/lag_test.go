package bench

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/storage"
)

var (
	flagLagRates    = flag.String("bench.lag-rates", "2500,5000,7500,10000", "BenchmarkProcessingLag: offered events/s, one run each")
	flagLagDuration = flag.Duration("bench.lag-duration", 20*time.Second, "BenchmarkProcessingLag: length of each run")
)

// Probes: how often one is sent, how often the outstanding ones are looked
// for, and how long one may take before it counts as lost.
const (
	probeEvery = 50 * time.Millisecond
	pollEvery  = 20 * time.Millisecond
	probeLimit = 30 * time.Second
)

// BenchmarkProcessingLag measures how long an event takes from being
// accepted to being visible as a touchpoint of a contact, while the
// tracking API takes a steady load: issue 4's "processing lag p99 ≤ 2 s at
// 10,000 events/s".
//
// The load is open-loop: the clients send batches of 20 of bench-ingest's
// messages on a fixed schedule that adds up to the offered rate, whatever
// the answers' latency (a client that falls behind sends at once until it
// is back on schedule). Beside it, every 50 ms a probe POSTs a batch of two
// messages from a new visitor: an identify with a new email, then a page
// view. The probe's lag runs from its 200 until a touchpoint of that
// visitor with a contact on it can be read from the database, polled every
// 20 ms: so it includes the queue, the processor's batch, identity
// stitching (contact and prospect created, visitor linked) and the commit.
func BenchmarkProcessingLag(b *testing.B) {
	if !*flagProcessor {
		b.Fatal("-bench.processor=false: processing lag needs the processor")
	}
	c := configFromFlags(b)
	var rates []float64
	for r := range strings.SplitSeq(*flagLagRates, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(r), 64)
		if err != nil || v <= 0 {
			b.Fatalf("-bench.lag-rates: %q", r)
		}
		rates = append(rates, v)
	}
	var all []lagRun
	for _, name := range strings.Split(*flagDialects, ",") {
		d := storage.Dialect(strings.TrimSpace(name))
		b.Run(string(d), func(b *testing.B) {
			f := newIngestFixture(b, d, c)
			for _, rate := range rates {
				r := f.measureLag(b, rate, *flagLagDuration, c.clients)
				r.dialect = d
				r.print()
				all = append(all, r)
				f.settle(b)
			}
		})
	}
	fmt.Printf("\nSummary: %s per run, %d clients, batches of 20, a probe every %s (load average %s)\n", *flagLagDuration, c.clients, probeEvery, loadAverage())
	fmt.Printf("| database | offered events/s | sent events/s | p99 request ms | probes | lag p50 ms | lag p99 ms | lag max ms | queued at end | cpu self/pg/+ | target |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range all {
		target := "—"
		if r.offered >= 10_000 {
			target = "p99 ≤ 2 s at 10,000 events/s: " + map[bool]string{true: "met", false: "missed"}[r.met()]
		}
		fmt.Printf("| %s | %.0f | %.0f | %.1f | %d | %s | %s | %s | %d | %s | %s |\n", r.dialect, r.offered, r.sent(), ms(r.load.pct(99)),
			len(r.lags)+r.lost, r.lagMS(50), r.lagMS(99), r.lagMS(100), r.backlog, r.load.cpu, target)
	}
}

// lagRun is one run at one offered rate.
type lagRun struct {
	dialect storage.Dialect
	offered float64
	load    run             // the load's requests (not the probes)
	lags    []time.Duration // each seen probe's lag, sorted
	lost    int             // probes not seen within probeLimit
	backlog int             // events still queued when the load stopped
}

func (r lagRun) sent() float64 { return 20 * r.load.rate() }

// lag is the p-th percentile lag (nearest rank), counting lost probes as
// slower than any seen; -1 when that rank is a lost probe.
func (r lagRun) lag(p float64) time.Duration {
	n := len(r.lags) + r.lost
	if n == 0 {
		return -1
	}
	i := max(0, int(float64(n)*p/100+0.999999)-1)
	if i >= len(r.lags) {
		return -1
	}
	return r.lags[i]
}

func (r lagRun) lagMS(p float64) string {
	if l := r.lag(p); l >= 0 {
		return fmt.Sprintf("%.0f", ms(l))
	}
	return fmt.Sprintf("> %.0f", ms(probeLimit))
}

// met: the offered rate was sent and the p99 lag is within 2 s.
func (r lagRun) met() bool {
	l := r.lag(99)
	return r.sent() >= 0.98*r.offered && l >= 0 && l <= 2*time.Second
}

func (r lagRun) print() {
	fmt.Printf("\n%s lag at %.0f events/s offered: sent %.0f events/s (p99 request %.1f ms), %d probes, lag p50 %s ms, p99 %s ms, max %s ms, %d lost, %d queued at the end; cpu self/pg/+ %s (load average %s)\n",
		r.dialect, r.offered, r.sent(), ms(r.load.pct(99)), len(r.lags)+r.lost, r.lagMS(50), r.lagMS(99), r.lagMS(100), r.lost, r.backlog, r.load.cpu, loadAverage())
}

// measureLag runs the paced load and the probes for d, then waits for the
// probes still outstanding.
func (f *ingestFixture) measureLag(b *testing.B, rate float64, d time.Duration, clients int) lagRun {
	b.Helper()
	w := ingestWorkload{name: "lag", path: "/v1/batch", per: 20}
	interval := time.Duration(float64(clients*w.per) / rate * float64(time.Second))
	run := f.seq.Add(1)

	var mu sync.Mutex
	acked := map[string]time.Time{} // probe visitor → its 200
	var lags []time.Duration
	var probeErr atomic.Value
	done := make(chan struct{})

	probing := make(chan struct{}) // closed when the last probe is acknowledged
	drained := make(chan struct{}) // closed when every probe is seen
	go func() {
		defer close(probing)
		t := time.NewTicker(probeEvery)
		defer t.Stop()
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case <-t.C:
			}
			anon := fmt.Sprintf("probe-%d-%d", run, n)
			if err := f.probe(anon); err != nil {
				probeErr.CompareAndSwap(nil, err.Error())
				return
			}
			mu.Lock()
			acked[anon] = time.Now()
			mu.Unlock()
		}
	}()
	stopPoll := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { // the poller
		t := time.NewTicker(pollEvery)
		defer t.Stop()
		for {
			select {
			case <-stopPoll:
				return
			case <-t.C:
			}
			// Read before the probes: once the prober has stopped and
			// every probe it sent is seen, no more will come.
			stopped := closed(probing)
			mu.Lock()
			out := make([]string, 0, len(acked))
			for a := range acked {
				out = append(out, a)
			}
			mu.Unlock()
			if len(out) == 0 {
				if stopped {
					close(drained)
					return
				}
				continue
			}
			seen, err := f.visible(context.Background(), out)
			if err != nil {
				probeErr.CompareAndSwap(nil, err.Error())
				close(drained)
				return
			}
			now := time.Now()
			mu.Lock()
			for a := range seen {
				if at, ok := acked[a]; ok {
					lags = append(lags, now.Sub(at))
					delete(acked, a)
				}
			}
			mu.Unlock()
		}
	})

	load, err := drive(clients, d, func(worker int) session {
		next := time.Now().Add(time.Duration(worker) * interval / time.Duration(clients))
		send := f.apiSession(w, worker)
		return func(ctx context.Context, rng *rand.Rand, rec func(time.Duration)) error {
			if wait := time.Until(next); wait > 0 {
				select { // pacing: the schedule, not a wait for something to happen
				case <-ctx.Done():
					return nil
				case <-time.After(wait):
				}
			}
			next = next.Add(interval)
			return send(ctx, rng, rec)
		}
	})
	close(done)
	if err != nil {
		b.Fatalf("%s lag load: %v", f.dialect, err)
	}
	backlog, err := f.backlog(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	// Wait for the outstanding probes, at most probeLimit.
	select {
	case <-drained:
	case <-time.After(probeLimit):
	}
	close(stopPoll)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if msg := probeErr.Load(); msg != nil {
		b.Fatalf("%s lag probes: %s", f.dialect, msg)
	}
	slices.Sort(lags)
	return lagRun{offered: rate, load: load, lags: lags, lost: len(acked), backlog: backlog}
}

// probe sends a new visitor's identify (a new email) and page view in one
// batch and waits for the 200.
func (f *ingestFixture) probe(anon string) error {
	now := time.Now().UTC()
	body := fmt.Sprintf(`{"batch":[`+
		`{"type":"identify","anonymousId":%q,"messageId":"%s-i","timestamp":%q,"traits":{"email":"%s@probe.example","first_name":"Probe"}},`+
		`{"type":"page","anonymousId":%q,"messageId":"%s-p","timestamp":%q,"context":{"page":{"url":"https://acme.example/pricing","title":"Pricing"}}}]}`,
		anon, anon, now.Format(time.RFC3339Nano), anon, anon, anon, now.Add(time.Millisecond).Format(time.RFC3339Nano))
	return f.tracker.post("/v1/batch", []byte(body))
}

func closed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
