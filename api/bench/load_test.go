package bench

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// session is one unit of a worker's work: one or more requests, each of whose
// latency it passes to rec.
type session func(ctx context.Context, rng *rand.Rand, rec func(time.Duration)) error

// run is one timed load: every request's latency, sorted, and the wall time.
type run struct {
	lat     []time.Duration
	elapsed time.Duration
	cpu     cpuUse
}

func (r run) rate() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

// selfPerRequest is this process's CPU time per request in µs: server and
// load generator together, a measure of cost that other work on the machine
// disturbs less than the rate does.
func (r run) selfPerRequest() float64 {
	if len(r.lat) == 0 {
		return 0
	}
	return r.cpu.self * r.elapsed.Seconds() * 1e6 / float64(len(r.lat))
}

// pct is the p-th percentile latency (nearest rank).
func (r run) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(float64(len(r.lat))*p/100+0.999999) - 1
	return r.lat[max(0, min(i, len(r.lat)-1))]
}

// drive runs one worker per client, each starting sessions until d has passed,
// and collects every latency. The first error stops all workers.
func drive(clients int, d time.Duration, newSession func(worker int) session) (run, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lats := make([][]time.Duration, clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	cpu0 := sampleCPU()
	start := time.Now()
	deadline := start.Add(d)
	for w := range clients {
		wg.Go(func() {
			s := newSession(w)
			rng := rand.New(rand.NewPCG(uint64(w), uint64(start.UnixNano())))
			own := make([]time.Duration, 0, 1<<15)
			rec := func(t time.Duration) { own = append(own, t) }
			for ctx.Err() == nil && time.Now().Before(deadline) {
				if err := s(ctx, rng, rec); err != nil {
					errs[w] = err
					cancel()
				}
			}
			lats[w] = own
		})
	}
	wg.Wait()
	r := run{elapsed: time.Since(start), lat: slices.Concat(lats...)}
	r.cpu = sampleCPU().since(cpu0, r.elapsed.Seconds())
	slices.Sort(r.lat)
	// Report the error that stopped the run, not the cancellations it caused.
	var first error
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return r, err
		}
		if first == nil {
			first = err
		}
	}
	return r, first
}
