package bench

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/storage"
)

// Settings, after -args: go test ./api/bench -bench API -args -bench.duration 5s.
var (
	flagDuration = flag.Duration("bench.duration", 10*time.Second, "length of each measured run")
	flagWarmup   = flag.Duration("bench.warmup", 2*time.Second, "unmeasured run before the rounds, per side")
	flagRounds   = flag.Int("bench.rounds", 3, "measured rounds per workload; each round runs the API and the raw SQL once")
	flagClients  = flag.Int("bench.clients", 16, "concurrent keep-alive clients (and raw SQL workers)")
	flagConns    = flag.Int("bench.conns", 0, "database pool size for the server and the raw pool (0: storage's default)")
	flagDialects = flag.String("bench.dialects", "postgres,sqlite", "databases to measure")
	flagWorkload = flag.String("bench.workloads", "", "workloads to run (default: each benchmark's own): BenchmarkAPI contacts_list, prospect_move, floor; BenchmarkIngest ingest20, ingest100, ingest1")
	flagLogLevel = flag.String("bench.log-level", "warn", "server log level; at info every request is logged (to a file in the test's temp dir)")
	flagProfile  = flag.String("bench.profile", "", "directory for CPU profiles of the first round's API runs (BenchmarkAPI, BenchmarkIngest) and of each report's runs (the whole process: server, client, GC)")
)

type config struct {
	duration, warmup       time.Duration
	rounds, clients, conns int
	logLevel               slog.Level
}

// configFromFlags reads and checks the -bench.* flags and prints the run's
// header, the same for every benchmark here.
func configFromFlags(b *testing.B) config {
	b.Helper()
	c := config{duration: *flagDuration, warmup: *flagWarmup, rounds: *flagRounds, clients: *flagClients, conns: *flagConns}
	if err := c.logLevel.UnmarshalText([]byte(*flagLogLevel)); err != nil {
		b.Fatal(err)
	}
	if c.rounds < 1 || c.clients < 1 {
		b.Fatal("bench.rounds and bench.clients must be at least 1")
	}
	fmt.Printf("machine: %s\n", machine())
	fmt.Printf("load: %d clients, %d rounds of %s per side, warm-up %s, server log level %s\n",
		c.clients, c.rounds, c.duration, c.warmup, c.logLevel)
	return c
}

// round is one measured run of each side.
type round struct{ api, sql run }

// outcome is a workload's rounds on one database.
type outcome struct {
	dialect storage.Dialect
	w       workload
	rounds  []round
}

// BenchmarkAPI measures the two workloads on each database: the API over a
// real socket, then the same SQL straight on the database, alternating for
// the configured rounds. It ignores b.N: each run lasts a fixed time.
func BenchmarkAPI(b *testing.B) {
	c := configFromFlags(b)
	names := workloadNames("contacts_list,prospect_move")
	var all []outcome
	for _, name := range strings.Split(*flagDialects, ",") {
		d := storage.Dialect(strings.TrimSpace(name))
		b.Run(string(d), func(b *testing.B) {
			f := newFixture(b, d, c)
			if err := f.checkSameAnswers(); err != nil {
				b.Fatal(err)
			}
			for _, w := range workloads {
				if !slices.Contains(names, w.name) {
					continue
				}
				b.Run(w.name, func(b *testing.B) {
					o := outcome{dialect: d, w: w, rounds: measure(b, f, w, c)}
					o.print()
					o.report(b)
					all = append(all, o)
				})
			}
		})
	}
	printSummary(all, c)
}

// workloadNames is -bench.workloads, or def when it is not given, so that
// one flag selects the workloads of either benchmark.
func workloadNames(def string) []string {
	s := *flagWorkload
	if s == "" {
		s = def
	}
	var out []string
	for n := range strings.SplitSeq(s, ",") {
		out = append(out, strings.TrimSpace(n))
	}
	return out
}

// measure warms both sides up, then runs the rounds, alternating which side
// goes first so that drift in the machine's load hits both alike.
func measure(b *testing.B, f *fixture, w workload, c config) []round {
	b.Helper()
	side := func(mk func(*fixture, int, int) session, d time.Duration) run {
		r, err := drive(c.clients, d, func(worker int) session { return mk(f, worker, c.clients) })
		if err != nil {
			b.Fatalf("%s %s: %v", f.dialect, w.name, err)
		}
		return r
	}
	if c.warmup > 0 {
		side(w.api, c.warmup)
		side(w.sql, c.warmup)
	}
	out := make([]round, c.rounds)
	for i := range out {
		if i == 0 && *flagProfile != "" {
			stop := startProfile(b, filepath.Join(*flagProfile, fmt.Sprintf("%s-%s.pprof", f.dialect, w.name)))
			out[i].api = side(w.api, c.duration)
			stop()
			out[i].sql = side(w.sql, c.duration)
			continue
		}
		if i%2 == 0 {
			out[i].api = side(w.api, c.duration)
			out[i].sql = side(w.sql, c.duration)
		} else {
			out[i].sql = side(w.sql, c.duration)
			out[i].api = side(w.api, c.duration)
		}
	}
	return out
}

// startProfile writes a CPU profile to path until the returned func is called.
func startProfile(b *testing.B, path string) (stop func()) {
	b.Helper()
	file, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(file); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := file.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// stat is the median, minimum and maximum of one number over the rounds.
type stat struct{ med, lo, hi float64 }

func statOf(rs []round, f func(round) float64) stat {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	return statOfValues(v)
}

// statOfValues is stat over plain numbers; it sorts v.
func statOfValues(v []float64) stat {
	slices.Sort(v)
	med := v[len(v)/2]
	if len(v)%2 == 0 {
		med = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return stat{med: med, lo: v[0], hi: v[len(v)-1]}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (o outcome) stats() (apiRate, apiP50, apiP99, sqlRate, sqlP50, sqlP99, ratio stat) {
	apiRate = statOf(o.rounds, func(r round) float64 { return r.api.rate() })
	apiP50 = statOf(o.rounds, func(r round) float64 { return ms(r.api.pct(50)) })
	apiP99 = statOf(o.rounds, func(r round) float64 { return ms(r.api.pct(99)) })
	sqlRate = statOf(o.rounds, func(r round) float64 { return r.sql.rate() })
	sqlP50 = statOf(o.rounds, func(r round) float64 { return ms(r.sql.pct(50)) })
	sqlP99 = statOf(o.rounds, func(r round) float64 { return ms(r.sql.pct(99)) })
	ratio = statOf(o.rounds, func(r round) float64 { return r.api.rate() / r.sql.rate() })
	return
}

// report hands the medians to the testing package (benchstat can read them).
func (o outcome) report(b *testing.B) {
	apiRate, apiP50, apiP99, sqlRate, _, sqlP99, ratio := o.stats()
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(apiRate.med, "req/s")
	b.ReportMetric(apiP50.med, "p50-ms")
	b.ReportMetric(apiP99.med, "p99-ms")
	b.ReportMetric(sqlRate.med, "sql-req/s")
	b.ReportMetric(sqlP99.med, "sql-p99-ms")
	b.ReportMetric(ratio.med, "api/sql")
}

// print writes every round of one workload.
func (o outcome) print() {
	fmt.Printf("\n%s %s (load average %s)\n", o.dialect, o.w.name, loadAverage())
	fmt.Printf("%-5s %9s %7s %7s %8s %14s %6s | %9s %7s %7s %14s %6s | %7s\n", "round", "api req/s", "p50 ms", "p99 ms", "requests", "cpu self/pg/+", "µs/req",
		"sql req/s", "p50 ms", "p99 ms", "cpu self/pg/+", "µs/req", "api/sql")
	for i, r := range o.rounds {
		fmt.Printf("%-5d %9.0f %7.2f %7.2f %8d %14s %6.0f | %9.0f %7.2f %7.2f %14s %6.0f | %6.0f%%\n", i+1,
			r.api.rate(), ms(r.api.pct(50)), ms(r.api.pct(99)), len(r.api.lat), r.api.cpu, r.api.selfPerRequest(),
			r.sql.rate(), ms(r.sql.pct(50)), ms(r.sql.pct(99)), r.sql.cpu, r.sql.selfPerRequest(), 100*r.api.rate()/r.sql.rate())
	}
	fmt.Println("cpu self/pg/+: cores used by this process (server and clients), by PostgreSQL (all its databases), and by anything else; µs/req: this process's CPU time per request")
}

// printSummary writes the table docs/benchmarks.md quotes: medians with
// [min–max] over the rounds, and the PostgreSQL targets.
func printSummary(all []outcome, c config) {
	fmt.Printf("\nSummary: medians of %d rounds [min–max], %d clients, %s per run (load average %s)\n", c.rounds, c.clients, c.duration, loadAverage())
	fmt.Printf("| database | workload | API req/s | API p50 ms | API p99 ms | raw SQL req/s | raw SQL p99 ms | API/raw | target |\n")
	fmt.Printf("|---|---|---|---|---|---|---|---|---|\n")
	for _, o := range all {
		apiRate, apiP50, apiP99, sqlRate, _, sqlP99, ratio := o.stats()
		target := "—"
		if o.dialect == storage.Postgres && o.w.rate > 0 {
			target = fmt.Sprintf("≥ %.0f/s, p99 ≤ %.0f ms: ", o.w.rate, ms(o.w.p99))
			if apiRate.med >= o.w.rate && apiP99.med <= ms(o.w.p99) {
				target += "met"
			} else {
				target += "missed"
			}
		}
		fmt.Printf("| %s | %s | %.0f [%.0f–%.0f] | %.2f [%.2f–%.2f] | %.1f [%.1f–%.1f] | %.0f [%.0f–%.0f] | %.1f [%.1f–%.1f] | %.0f%% [%.0f–%.0f] | %s |\n",
			o.dialect, o.w.name, apiRate.med, apiRate.lo, apiRate.hi, apiP50.med, apiP50.lo, apiP50.hi,
			apiP99.med, apiP99.lo, apiP99.hi, sqlRate.med, sqlRate.lo, sqlRate.hi, sqlP99.med, sqlP99.lo, sqlP99.hi,
			100*ratio.med, 100*ratio.lo, 100*ratio.hi, target)
	}
}
