package bench

import (
	"fmt"
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
		body, rows := f.body(nil, rng, w, 3, true)
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

// message writes what fmt wrote before it appended quoted pieces: the same
// messages for the same draws.
func TestMessagesAreWhatFmtWrote(t *testing.T) {
	ts := time.Date(2026, 12, 6, 10, 0, 0, 120_000_000, time.UTC)
	a, b := rand.New(rand.NewPCG(7, 8)), rand.New(rand.NewPCG(7, 8))
	for i := range 2000 {
		trackOnly := i%5 == 0
		id := fmt.Sprint("bench-1-", i)
		got, anon, kind := message(nil, a, id, ts, trackOnly)
		want, wantAnon, wantKind := messageWithFmt(b, id, ts, trackOnly)
		if string(got) != string(want) || anon != wantAnon || kind != wantKind {
			t.Fatalf("message %d:\n%s (%s, %s)\nwant\n%s (%s, %s)", i, got, anon, kind, want, wantAnon, wantKind)
		}
	}
}

// messageWithFmt is how message was written with fmt.
func messageWithFmt(rng *rand.Rand, id string, ts time.Time, trackOnly bool) ([]byte, string, string) {
	anon := fmt.Sprintf("anon-%04d-5f0c2e9a", rng.IntN(*flagVisitors))
	path := pages[rng.IntN(len(pages))]
	cp := campaigns[rng.IntN(len(campaigns))]
	ua := agents[rng.IntN(len(agents))]
	url, camp := "https://acme.example"+path, ""
	if cp.source != "" {
		url += "?utm_source=" + cp.source + "&utm_medium=" + cp.medium + "&utm_campaign=" + cp.name
		camp = fmt.Sprintf(`,"campaign":{"source":%q,"medium":%q,"name":%q}`, cp.source, cp.medium, cp.name)
	}
	at := ts.UTC().Format(time.RFC3339Nano)
	ctx := fmt.Sprintf(`"context":{"page":{"path":%q,"url":%q,"title":"Acme CRM"},"userAgent":%q,"locale":"en-US"%s}`, path, url, ua, camp)
	if trackOnly || rng.IntN(4) == 0 {
		return fmt.Appendf(nil, `{"type":"track","event":"Signup Clicked","anonymousId":%q,"messageId":%q,"timestamp":%q,"properties":{"plan":"team","button":"hero"},%s}`, anon, id, at, ctx), anon, "track"
	}
	return fmt.Appendf(nil, `{"type":"page","name":"Pricing","anonymousId":%q,"messageId":%q,"timestamp":%q,"properties":{"path":%q},%s}`, anon, id, at, path, ctx), anon, "page"
}

func TestProcessedIsAcceptedLessBacklog(t *testing.T) {
	r := ingestRound{api: run{lat: make([]time.Duration, 50), elapsed: 2 * time.Second}, backlog: 400}
	if got := r.processed(20); got != 300 {
		t.Errorf("processed = %v, want (50×20 − 400)/2 s = 300 per second", got)
	}
}
