package bench

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

// The measuring tools are checked like any code: a wrong percentile or a
// missed cursor would make every number in docs/benchmarks.md wrong.

func TestPercentileIsNearestRank(t *testing.T) {
	lat := make([]time.Duration, 200)
	for i := range lat {
		lat[i] = time.Duration(i+1) * time.Millisecond
	}
	r := run{lat: lat, elapsed: 2 * time.Second}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{
		{50, 100 * time.Millisecond},
		{99, 198 * time.Millisecond},
		{100, 200 * time.Millisecond},
		{0.1, 1 * time.Millisecond},
	} {
		if got := r.pct(c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if got := r.rate(); got != 100 {
		t.Errorf("rate = %v, want 100 per second", got)
	}
	if got := (run{}).pct(99); got != 0 {
		t.Errorf("p99 of no requests = %v, want 0", got)
	}
}

func TestNextCursorReadsTheListEnvelope(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`{"data":[{"id":"a"}],"next_cursor":"eyJzIjoiY3JlYXRlZF9hdCJ9"}`, "eyJzIjoiY3JlYXRlZF9hdCJ9"},
		{`{"data":[{"id":"a"}],"next_cursor":null}`, ""},
		{`{"data":[]}`, ""},
		{`{"data":[{"note":"\"next_cursor\":\"fake\""}],"next_cursor":"real"}`, "real"},
	} {
		if got := nextCursor([]byte(c.body)); got != c.want {
			t.Errorf("nextCursor(%s) = %q, want %q", c.body, got, c.want)
		}
	}
}

func TestNumberedPlaceholders(t *testing.T) {
	got := numbered("SELECT a FROM t WHERE x = ? AND (y, z) > (?, ?) LIMIT ?")
	want := "SELECT a FROM t WHERE x = $1 AND (y, z) > ($2, $3) LIMIT $4"
	if got != want {
		t.Errorf("numbered = %q, want %q", got, want)
	}
}

func TestStatIsMedianMinMax(t *testing.T) {
	rs := []round{{api: run{lat: make([]time.Duration, 30), elapsed: time.Second}},
		{api: run{lat: make([]time.Duration, 10), elapsed: time.Second}},
		{api: run{lat: make([]time.Duration, 20), elapsed: time.Second}},
		{api: run{lat: make([]time.Duration, 50), elapsed: time.Second}}}
	got := statOf(rs, func(r round) float64 { return r.api.rate() })
	if got != (stat{med: 25, lo: 10, hi: 50}) {
		t.Errorf("stat = %+v, want median 25 of four, min 10, max 50", got)
	}
	if got := statOf(rs[:3], func(r round) float64 { return r.api.rate() }); got.med != 20 {
		t.Errorf("median of three = %v, want 20", got.med)
	}
}

// The ingest load must be what the server accepts, of the promised size, and
// never repeat a messageId (a repeat would be deduplicated, not stored).
func TestIngestBodiesAreValidSegmentTraffic(t *testing.T) {
	f := &ingestFixture{ws: "00000000-0000-0000-0000-000000000001"}
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	for _, w := range ingestWorkloads {
		body, rows := f.body(rng, w, 3, true)
		var msgs []tracking.Message
		if w.per == 1 {
			m, err := tracking.ParseMessage(body, "track", time.Now())
			if err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			msgs = []tracking.Message{m}
		} else {
			var err error
			if msgs, err = tracking.ParseBatch(body, time.Now()); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
		}
		if len(msgs) != w.per || len(rows) != w.per {
			t.Fatalf("%s: %d messages and %d raw rows, want %d", w.name, len(msgs), len(rows), w.per)
		}
		size := 0
		for i, m := range msgs {
			size += len(rows[i][9].([]byte))
			if seen[m.MessageID] {
				t.Errorf("%s: messageId %s repeated", w.name, m.MessageID)
			}
			seen[m.MessageID] = true
			if m.AnonymousID == "" || m.Touch().Source == "" && m.PageURL() == "" {
				t.Errorf("%s: message %d has no visitor or page context", w.name, i)
			}
			if n := len(rows[i][9].([]byte)); n < 350 || n > 700 {
				t.Errorf("%s: message %d is %d bytes, want about 500", w.name, i, n)
			}
		}
		if avg := size / w.per; w.per > 1 && (avg < 430 || avg > 570) {
			t.Errorf("%s: messages average %d bytes, want about 500", w.name, avg)
		}
	}
}

func TestProcessedIsAcceptedLessBacklog(t *testing.T) {
	r := ingestRound{api: run{lat: make([]time.Duration, 50), elapsed: 2 * time.Second}, backlog: 400}
	if got := r.processed(20); got != 300 {
		t.Errorf("processed = %v, want (50×20 − 400)/2 s = 300 per second", got)
	}
}
