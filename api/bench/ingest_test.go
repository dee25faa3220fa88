package bench

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/onefunnel/onefunnel/storage"
)

// ingestWorkload is one shape of tracking traffic: per events per request,
// POSTed to path, with the PostgreSQL targets in events per second.
type ingestWorkload struct {
	name, path string
	per        int
	rate       float64       // events/s target on PostgreSQL (0: none)
	p99        time.Duration // p99 target (0: none)
}

var ingestWorkloads = []ingestWorkload{
	{name: "ingest20", path: "/v1/batch", per: 20, rate: 40_000, p99: 60 * time.Millisecond},
	{name: "ingest100", path: "/v1/batch", per: 100, rate: 55_000},
	{name: "ingest1", path: "/v1/track", per: 1, rate: 11_000},
}

// flagVisitors is how many distinct anonymousIds the traffic comes from. The
// default, 300, spreads sessions and touchpoints while the processor finds
// existing visitors most of the time, and keeps every index's hot pages in a
// few megabytes; a site's traffic comes from far more, each with a few
// events, and writes to pages spread over the indexes keyed by visitor.
// flagProcessor runs the event processor beside the server, as serve.go
// does. Off, BenchmarkIngest measures ingest alone: what the processor's
// share of the machine costs ingest, not the targets, which are
// with processing on.
var flagProcessor = flag.Bool("bench.processor", true, "run the event processor beside the server; false measures ingest alone (BenchmarkIngest; not the issue's targets)")

var flagVisitors = flag.Int("bench.visitors", 300, "BenchmarkIngest, BenchmarkProcessingLag: distinct anonymousIds the events come from")

// ingestFixture is one dialect's fresh database, the server with its event
// processor, a write key made through the API, and the raw baseline.
type ingestFixture struct {
	dialect storage.Dialect
	api     *client
	tracker *trackerClient
	ws      string
	copyRaw func(ctx context.Context, rows [][]any) error
	backlog func(ctx context.Context) (int, error)
	clear   func(ctx context.Context) error
	// visible reports which of the anonymousIds have a touchpoint with a contact.
	visible func(ctx context.Context, anons []string) (map[string]bool, error)
	seq     atomic.Uint64 // makes every messageId unique across runs
}

func newIngestFixture(b *testing.B, d storage.Dialect, c config) *ingestFixture {
	b.Helper()
	ctx := context.Background()
	db, o := openDB(b, d, c.conns)
	f := &ingestFixture{dialect: d}
	base := startServer(b, db, c.logLevel)
	var api fixture
	if err := api.signup(base, 1); err != nil {
		b.Fatal(err)
	}
	f.ws = api.ws
	wk, err := api.api.call("POST", "/api/v1/write-keys", map[string]any{"name": "Bench site"}, 201)
	if err != nil {
		b.Fatal(err)
	}
	key, _ := wk["key"].(string)
	f.api = newClient(base, "", c.clients)
	f.api.auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"))
	if f.tracker, err = newTrackerClient(base, f.api.auth, c.clients); err != nil {
		b.Fatal(err)
	}
	if d == storage.Postgres {
		raw, err := newPGRaw(ctx, o.URL, c.conns)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(raw.close)
		f.copyRaw = func(ctx context.Context, rows [][]any) error { return copyEvents(ctx, raw.pool, rows) }
		f.backlog = func(ctx context.Context) (n int, err error) {
			return n, raw.pool.QueryRow(ctx, "SELECT count(*) FROM event_queue").Scan(&n)
		}
		f.clear = func(ctx context.Context) error {
			_, err := raw.pool.Exec(ctx, "DELETE FROM event_queue")
			return err
		}
		f.visible = func(ctx context.Context, anons []string) (map[string]bool, error) {
			// One descent of touchpoints_anonymous_idx per probe (LATERAL,
			// LIMIT 1: a lookup per probe, whatever the estimates). The
			// tables grow from empty during a run and have no statistics,
			// and for "anonymous_id = ANY($2)" the planner took a scan of
			// all the workspace's touchpoints: with 100,000 visitors that
			// read 2,600–3,400 pages 50 times a second from the PostgreSQL
			// being measured. Planned for these visitors each time (an
			// unnamed statement): a cached generic plan walked every
			// identified touch instead.
			rows, err := raw.pool.Query(ctx, `SELECT k.a FROM unnest($2::text[]) AS k (a) CROSS JOIN LATERAL (
				SELECT 1 FROM touchpoints t WHERE t.workspace_id = $1 AND t.anonymous_id = k.a AND t.contact_id IS NOT NULL LIMIT 1) t`,
				pgx.QueryExecModeExec, f.ws, anons)
			if err != nil {
				return nil, err
			}
			seen := map[string]bool{}
			var a string
			_, err = pgx.ForEachRow(rows, []any{&a}, func() error { seen[a] = true; return nil })
			return seen, err
		}
	} else {
		load, err := newSQLiteLoader(filepath.Join(o.DataDir, "onefunnel.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = load.db.Close() })
		f.copyRaw = func(ctx context.Context, rows [][]any) error { return load.load(ctx, "events", eventCols, rows) }
		f.backlog = func(ctx context.Context) (n int, err error) {
			return n, load.db.QueryRowContext(ctx, "SELECT count(*) FROM event_queue").Scan(&n)
		}
		f.clear = func(ctx context.Context) error {
			_, err := load.db.ExecContext(ctx, "DELETE FROM event_queue")
			return err
		}
		f.visible = func(ctx context.Context, anons []string) (map[string]bool, error) {
			q := "SELECT anonymous_id FROM touchpoints WHERE workspace_id = ? AND contact_id IS NOT NULL AND anonymous_id IN (?" + strings.Repeat(", ?", len(anons)-1) + ")"
			args := []any{f.ws}
			for _, a := range anons {
				args = append(args, a)
			}
			rows, err := load.db.QueryContext(ctx, q, args...)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			seen := map[string]bool{}
			for rows.Next() {
				var a string
				if err := rows.Scan(&a); err != nil {
					return nil, err
				}
				seen[a] = true
			}
			return seen, rows.Err()
		}
	}
	return f
}

var eventCols = []string{"workspace_id", "id", "message_id", "type", "anonymous_id", "user_id", "event", "timestamp", "received_at", "payload"}

// copyEvents is the PostgreSQL baseline: COPY straight into events, without
// dedupe, queueing or HTTP.
func copyEvents(ctx context.Context, pool *pgxpool.Pool, rows [][]any) error {
	_, err := pool.CopyFrom(ctx, pgx.Identifier{"events"}, eventCols, pgx.CopyFromRows(rows))
	return err
}

var (
	pages     = []string{"/", "/pricing", "/features", "/blog/crm-for-small-teams", "/docs/getting-started", "/signup", "/customers"}
	campaigns = []struct{ source, medium, name string }{
		{"google", "cpc", "brand-q4"}, {"newsletter", "email", "november-digest"}, {"linkedin", "paid_social", "founders"}, {"", "", ""},
	}
	agents = []string{
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
	}
)

// message appends one Segment page or track message of about 500 bytes,
// shaped like analytics.js output, sent at ts, and returns its anonymousId
// and kind. A quarter are track calls, all of them when trackOnly (for
// /v1/track). It appends pieces quoted once (messageContexts): written with
// fmt, the messages took 8% of the benchmark process's CPU, which the
// server then did not have.
func message(buf []byte, rng *rand.Rand, id string, ts time.Time, trackOnly bool) ([]byte, string, string) {
	anon := anonymousID(rng.IntN(*flagVisitors))
	p, c, a := rng.IntN(len(pages)), rng.IntN(len(campaigns)), rng.IntN(len(agents))
	mc := messageContexts()[(p*len(campaigns)+c)*len(agents)+a]
	track := trackOnly || rng.IntN(4) == 0
	kind := "page"
	if track {
		kind = "track"
		buf = append(buf, `{"type":"track","event":"Signup Clicked","anonymousId":"`...)
	} else {
		buf = append(buf, `{"type":"page","name":"Pricing","anonymousId":"`...)
	}
	buf = append(append(buf, anon...), `","messageId":"`...)
	buf = append(append(buf, id...), `","timestamp":"`...)
	buf = append(ts.UTC().AppendFormat(buf, time.RFC3339Nano), `",`...)
	if track {
		buf = append(buf, `"properties":{"plan":"team","button":"hero"},`...)
	} else {
		buf = append(append(append(buf, `"properties":{"path":`...), mc.path...), `},`...)
	}
	return append(append(buf, mc.context...), '}'), anon, kind
}

// anonymousID is visitor n's anonymousId (anon-0042-5f0c2e9a).
func anonymousID(n int) string {
	d := strconv.Itoa(n)
	if len(d) < 4 {
		d = strings.Repeat("0", 4-len(d)) + d
	}
	return "anon-" + d + "-5f0c2e9a"
}

// messageContext is a message's quoted path and its "context" member.
type messageContext struct{ path, context []byte }

// messageContexts holds every page, campaign and browser's messageContext,
// indexed (page*len(campaigns)+campaign)*len(agents)+agent.
var messageContexts = sync.OnceValue(func() []messageContext {
	out := make([]messageContext, 0, len(pages)*len(campaigns)*len(agents))
	for _, path := range pages {
		for _, cp := range campaigns {
			for _, ua := range agents {
				url, camp := "https://acme.example"+path, ""
				if cp.source != "" {
					url += "?utm_source=" + cp.source + "&utm_medium=" + cp.medium + "&utm_campaign=" + cp.name
					camp = fmt.Sprintf(`,"campaign":{"source":%q,"medium":%q,"name":%q}`, cp.source, cp.medium, cp.name)
				}
				out = append(out, messageContext{
					path:    strconv.AppendQuote(nil, path),
					context: fmt.Appendf(nil, `"context":{"page":{"path":%q,"url":%q,"title":"Acme CRM"},"userAgent":%q,"locale":"en-US"%s}`, path, url, ua, camp),
				})
			}
		}
	}
	return out
})

// body appends one request to buf: a {"batch":[…]} of per messages, or one
// message for the single-event endpoint. rows are the same events as the
// server would store them, for the raw baseline. A client appends each
// request to the buffer of its last: grown anew for every request, the
// buffers were 3% of the process's CPU, which the server then did not have.
func (f *ingestFixture) body(buf []byte, rng *rand.Rand, w ingestWorkload, worker int, withRows bool) ([]byte, [][]any) {
	var rows [][]any
	if w.per > 1 {
		buf = append(buf, `{"batch":[`...)
	}
	for i := range w.per {
		if i > 0 {
			buf = append(buf, ',')
		}
		id := "bench-" + strconv.Itoa(worker) + "-" + strconv.FormatUint(f.seq.Add(1), 10)
		start := len(buf)
		var anon, kind string
		buf, anon, kind = message(buf, rng, id, time.Now(), w.path == "/v1/track")
		if withRows {
			now := time.Now()
			name := "Pricing"
			if kind == "track" {
				name = "Signup Clicked"
			}
			rows = append(rows, []any{f.ws, uuid.NewString(), id, kind, anon, "", name, now, now, slices.Clone(buf[start:])})
		}
	}
	if w.per > 1 {
		buf = append(buf, `]}`...)
	}
	return buf, rows
}

func (f *ingestFixture) apiSession(w ingestWorkload, worker int) session {
	var body []byte // the last request's, sent and answered
	return func(ctx context.Context, rng *rand.Rand, rec func(time.Duration)) error {
		body, _ = f.body(body[:0], rng, w, worker, false)
		t := time.Now()
		if err := f.tracker.post(w.path, body); err != nil {
			return err
		}
		rec(time.Since(t))
		return nil
	}
}

func (f *ingestFixture) rawSession(w ingestWorkload, worker int) session {
	return func(ctx context.Context, rng *rand.Rand, rec func(time.Duration)) error {
		_, rows := f.body(nil, rng, w, worker, true)
		t := time.Now()
		if err := f.copyRaw(ctx, rows); err != nil {
			return err
		}
		rec(time.Since(t))
		return nil
	}
}

// settle reads how many of the API run's events the processor had not yet
// taken when the load stopped, then clears that backlog, so each run starts
// with an empty queue and the processor does not compete with the raw side.
// Waiting for it to drain instead takes minutes when processing is slower
// than ingest.
func (f *ingestFixture) settle(b *testing.B) int {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := f.backlog(ctx)
	if err != nil {
		b.Fatalf("event queue: %v", err)
	}
	if err := f.clear(ctx); err != nil {
		b.Fatalf("clear event queue: %v", err)
	}
	return n
}

// ingestRound is one measured run of each side, and how many of the API
// run's events were still queued for the processor when it ended.
type ingestRound struct {
	api, sql run
	backlog  int
}

// processed is the processor's rate during the API run: the events accepted
// less those it had not reached.
func (r ingestRound) processed(per int) float64 {
	return float64(len(r.api.lat)*per-r.backlog) / r.api.elapsed.Seconds()
}

type ingestOutcome struct {
	dialect storage.Dialect
	w       ingestWorkload
	rounds  []ingestRound
}

// BenchmarkIngest measures the tracking API like BenchmarkAPI measures the
// REST API: keep-alive clients POST Segment messages over loopback with the
// event processor running, then the same rows go straight into events with
// COPY (SQLite: multi-row INSERT), alternating for the configured rounds.
func BenchmarkIngest(b *testing.B) {
	c := configFromFlags(b)
	names := workloadNames("ingest20,ingest100,ingest1")
	var all []ingestOutcome
	for _, name := range strings.Split(*flagDialects, ",") {
		d := storage.Dialect(strings.TrimSpace(name))
		b.Run(string(d), func(b *testing.B) {
			f := newIngestFixture(b, d, c)
			for _, w := range ingestWorkloads {
				if !slices.Contains(names, w.name) {
					continue
				}
				b.Run(w.name, func(b *testing.B) {
					o := ingestOutcome{dialect: d, w: w, rounds: measureIngest(b, f, w, c)}
					o.print()
					o.report(b)
					all = append(all, o)
				})
			}
		})
	}
	printIngestSummary(all, c)
}

func measureIngest(b *testing.B, f *ingestFixture, w ingestWorkload, c config) []ingestRound {
	b.Helper()
	side := func(mk func(ingestWorkload, int) session, d time.Duration) run {
		r, err := drive(c.clients, d, func(worker int) session { return mk(w, worker) })
		if err != nil {
			b.Fatalf("%s %s: %v", f.dialect, w.name, err)
		}
		return r
	}
	if c.warmup > 0 {
		side(f.apiSession, c.warmup)
		f.settle(b)
		side(f.rawSession, c.warmup)
	}
	out := make([]ingestRound, c.rounds)
	for i := range out {
		if i%2 == 0 {
			stop := func() {}
			if i == 0 && *flagProfile != "" {
				stop = startProfile(b, filepath.Join(*flagProfile, fmt.Sprintf("%s-%s.pprof", f.dialect, w.name)))
			}
			out[i].api = side(f.apiSession, c.duration)
			stop()
			out[i].backlog = f.settle(b)
			out[i].sql = side(f.rawSession, c.duration)
		} else {
			out[i].sql = side(f.rawSession, c.duration)
			out[i].api = side(f.apiSession, c.duration)
			out[i].backlog = f.settle(b)
		}
	}
	return out
}

func (o ingestOutcome) stats() (evRate, reqRate, p50, p99, rawRate, ratio, cpu, proc stat) {
	per := float64(o.w.per)
	rs := make([]round, len(o.rounds))
	for i, r := range o.rounds {
		rs[i] = round{api: r.api, sql: r.sql}
	}
	evRate = statOf(rs, func(r round) float64 { return per * r.api.rate() })
	reqRate = statOf(rs, func(r round) float64 { return r.api.rate() })
	p50 = statOf(rs, func(r round) float64 { return ms(r.api.pct(50)) })
	p99 = statOf(rs, func(r round) float64 { return ms(r.api.pct(99)) })
	rawRate = statOf(rs, func(r round) float64 { return per * r.sql.rate() })
	ratio = statOf(rs, func(r round) float64 { return r.api.rate() / r.sql.rate() })
	cpu = statOf(rs, func(r round) float64 { return r.api.selfPerRequest() / per })
	procs := make([]float64, len(o.rounds))
	for i, r := range o.rounds {
		procs[i] = r.processed(o.w.per)
	}
	proc = statOfValues(procs)
	return
}

func (o ingestOutcome) report(b *testing.B) {
	evRate, reqRate, _, p99, rawRate, ratio, cpu, _ := o.stats()
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(evRate.med, "events/s")
	b.ReportMetric(reqRate.med, "req/s")
	b.ReportMetric(p99.med, "p99-ms")
	b.ReportMetric(rawRate.med, "raw-events/s")
	b.ReportMetric(ratio.med, "api/raw")
	b.ReportMetric(cpu.med, "µs-cpu/event")
}

func (o ingestOutcome) print() {
	fmt.Printf("\n%s %s, %d events per request (load average %s)\n", o.dialect, o.w.name, o.w.per, loadAverage())
	fmt.Printf("%-5s %9s %9s %7s %7s %14s %8s %9s | %10s %14s %8s | %7s\n", "round", "events/s", "req/s", "p50 ms", "p99 ms", "cpu self/pg/+", "µs/event", "proc ev/s",
		"raw ev/s", "cpu self/pg/+", "µs/event", "api/raw")
	per := float64(o.w.per)
	for i, r := range o.rounds {
		fmt.Printf("%-5d %9.0f %9.0f %7.2f %7.2f %14s %8.1f %9.0f | %10.0f %14s %8.1f | %6.0f%%\n", i+1,
			per*r.api.rate(), r.api.rate(), ms(r.api.pct(50)), ms(r.api.pct(99)), r.api.cpu, r.api.selfPerRequest()/per, r.processed(o.w.per),
			per*r.sql.rate(), r.sql.cpu, r.sql.selfPerRequest()/per, 100*r.api.rate()/r.sql.rate())
	}
	fmt.Println("µs/event: this process's CPU time (server, processor and clients) per event; proc ev/s: events the processor turned into sessions and touchpoints per second during the API run")
}

func printIngestSummary(all []ingestOutcome, c config) {
	fmt.Printf("\nSummary: medians of %d rounds [min–max], %d clients, %s per run (load average %s)\n", c.rounds, c.clients, c.duration, loadAverage())
	fmt.Printf("| database | workload | events/s | req/s | p50 ms | p99 ms | µs CPU/event | processed/s | raw events/s | API/raw | target |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, o := range all {
		evRate, reqRate, p50, p99, rawRate, ratio, cpu, proc := o.stats()
		target := "—"
		switch {
		case !*flagProcessor:
			target = "processing off: not the target"
		case o.dialect == storage.Postgres && o.w.rate > 0:
			target = fmt.Sprintf("≥ %.0f events/s", o.w.rate)
			ok := evRate.med >= o.w.rate
			if o.w.p99 > 0 {
				target += fmt.Sprintf(", p99 ≤ %.0f ms", ms(o.w.p99))
				ok = ok && p99.med <= ms(o.w.p99)
			}
			target += map[bool]string{true: ": met", false: ": missed"}[ok]
		case o.dialect == storage.SQLite && o.w.per > 1:
			target = "≥ 15000 events/s" + map[bool]string{true: ": met", false: ": missed"}[evRate.med >= 15_000]
		}
		fmt.Printf("| %s | %s | %.0f [%.0f–%.0f] | %.0f [%.0f–%.0f] | %.1f [%.1f–%.1f] | %.1f [%.1f–%.1f] | %.1f [%.1f–%.1f] | %.0f [%.0f–%.0f] | %.0f [%.0f–%.0f] | %.0f%% [%.0f–%.0f] | %s |\n",
			o.dialect, o.w.name, evRate.med, evRate.lo, evRate.hi, reqRate.med, reqRate.lo, reqRate.hi,
			p50.med, p50.lo, p50.hi, p99.med, p99.lo, p99.hi, cpu.med, cpu.lo, cpu.hi, proc.med, proc.lo, proc.hi,
			rawRate.med, rawRate.lo, rawRate.hi, 100*ratio.med, 100*ratio.lo, 100*ratio.hi, target)
	}
}
