package bench

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/onefunnel/onefunnel/storage"
)

var (
	flagReportProspects = flag.Int("bench.report-prospects", 200_000, "BenchmarkReports: prospects (one contact each; a quarter won)")
	flagReportTouches   = flag.Int("bench.report-touches", 25, "BenchmarkReports: touchpoints per contact")
	flagReportRuns      = flag.Int("bench.report-runs", 5, "BenchmarkReports: timed runs per report (the median is reported)")
)

// The reports data set, generated in SQL (not measured): prospects opened
// over one year, each with one contact at one of prospects/4 accounts; a
// quarter won 30 days after opening (through Discovery at 10 days), a
// quarter lost, the rest open; each contact has touches every three days
// from 60 days before its prospect opened, over ten channels and forty
// campaigns, a fifth of them ad impressions. At the defaults: 200,000
// prospects, 50,000 won, 5,000,000 touchpoints.
var benchChannels = []string{"Paid Search", "Organic Search", "Display", "Email", "Paid Social", "Organic Social", "Referral", "Direct", "Affiliates", "Paid Video"}

func seedReports(ctx context.Context, conn *pgx.Conn, ws string, stages map[string]string, prospects, touches int, base time.Time) error {
	accounts := max(prospects/4, 1)
	channels := "ARRAY['" + strings.Join(benchChannels, "','") + "']"
	steps := []struct {
		sql  string
		args []any
	}{
		// Ids in creation order, as the app's UUIDv7 ids are: a kind's
		// records sit together in an index, as they do in a real workspace.
		{`CREATE FUNCTION pg_temp.oid(kind text, n bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS
			$$ SELECT (CASE kind WHEN 'a' THEN '0190000a' WHEN 'c' THEN '0190000c' WHEN 't' THEN '0190000f' ELSE '0190000e' END || lpad(to_hex(n), 24, '0'))::uuid $$`, nil},
		{`INSERT INTO accounts (workspace_id, id, name, domain, created_at, updated_at)
			SELECT $1, pg_temp.oid('a', g), 'Account ' || g, 'a' || g || '.example', $2, $2 FROM generate_series(0, $3 - 1) g`,
			[]any{ws, base, accounts}},
		{`INSERT INTO contacts (workspace_id, id, email, account_id, created_at, updated_at)
			SELECT $1, pg_temp.oid('c', g), 'c' || g || '@a' || (g % $3) || '.example', pg_temp.oid('a', g % $3), $2, $2
			FROM generate_series(0, $4 - 1) g`, []any{ws, base, accounts, prospects}},
		// i%4: 0 won, 1 lost, 2 open in Discovery, 3 open in Lead.
		{`INSERT INTO prospects (workspace_id, id, title, account_id, stage_id, amount, currency, status, stage_entered_at, closed_at,
				created_at, updated_at, first_touch_channel, first_touch_device_type, first_touch_occurred_at,
				entered_stages, opportunity_at, won_at)
			SELECT $1, pg_temp.oid('p', g), 'Deal ' || g, pg_temp.oid('a', g % $3),
				(CASE g % 4 WHEN 0 THEN $4 WHEN 1 THEN $5 WHEN 2 THEN $6 ELSE $7 END)::uuid,
				1000 + (g % 100) * 100, 'EUR', CASE g % 4 WHEN 0 THEN 'won' WHEN 1 THEN 'lost' ELSE 'open' END,
				o + CASE g % 4 WHEN 2 THEN interval '10 days' WHEN 3 THEN interval '0' ELSE interval '30 days' END,
				CASE WHEN g % 4 < 2 THEN o + interval '30 days' END, o, o,
				(` + channels + `)[1 + (g * 7) % 10], CASE WHEN g % 3 = 0 THEN 'mobile' ELSE 'desktop' END, o - interval '60 days',
				-- The milestones the moves below record (crm.Milestones), written
				-- with the row as the app writes them.
				(SELECT string_agg(x, ',' ORDER BY x COLLATE "C") FROM unnest(CASE g % 4 WHEN 0 THEN ARRAY[$7, $6, $4]
					WHEN 1 THEN ARRAY[$7, $5] WHEN 2 THEN ARRAY[$7, $6] ELSE ARRAY[$7] END) x),
				CASE WHEN g % 4 IN (0, 2) THEN o + interval '10 days' END, CASE WHEN g % 4 = 0 THEN o + interval '30 days' END
			FROM generate_series(0, $8 - 1) g, LATERAL (SELECT $2::timestamptz + (g % 365) * interval '1 day' + (g % 86400) * interval '1 second' AS o) t`,
			[]any{ws, base, accounts, stages["Won"], stages["Lost"], stages["Discovery"], stages["Lead"], prospects}},
		{`INSERT INTO prospect_contacts (workspace_id, prospect_id, contact_id, role, created_at)
			SELECT $1, pg_temp.oid('p', g), pg_temp.oid('c', g), 'decision_maker', $2 FROM generate_series(0, $3 - 1) g`,
			[]any{ws, base, prospects}},
		{`INSERT INTO stage_changes (workspace_id, id, prospect_id, from_stage_id, to_stage_id, changed_at, changed_by_kind)
			SELECT $1, gen_random_uuid(), p.id, s.f, s.t, p.created_at + s.after, 'api_key'
			FROM prospects p, LATERAL (VALUES
				(0, NULL::uuid, $2::uuid, interval '0'),
				(1, $2::uuid, $3::uuid, interval '10 days'),
				(2, $3::uuid, $4::uuid, interval '30 days'),
				(3, $2::uuid, $5::uuid, interval '30 days')) s(n, f, t, after)
			WHERE p.workspace_id = $1 AND (s.n = 0 OR (s.n = 1 AND p.status <> 'lost' AND p.stage_id <> $2::uuid) OR
				(s.n = 2 AND p.status = 'won') OR (s.n = 3 AND p.status = 'lost'))`,
			[]any{ws, stages["Lead"], stages["Discovery"], stages["Won"], stages["Lost"]}},
		{`INSERT INTO touchpoints (workspace_id, id, type, channel, source, medium, campaign, occurred_at, contact_id, account_id, created_at, device_type)
			SELECT $1, pg_temp.oid('t', c * 100 + k), CASE WHEN k % 5 = 0 THEN 'ad_impression' ELSE 'session' END,
				(` + channels + `)[1 + (c * 7 + k * 3) % 10], 'src' || (k % 7), 'med' || (k % 3), 'camp' || ((c + k) % 40),
				$2::timestamptz + (c % 365) * interval '1 day' + (c % 86400) * interval '1 second' - interval '60 days' + k * interval '3 days',
				pg_temp.oid('c', c), pg_temp.oid('a', c % $3), $2, CASE WHEN k % 3 = 0 THEN 'mobile' ELSE 'desktop' END
			FROM generate_series(0, $4 - 1) c, generate_series(0, $5 - 1) k`, []any{ws, base, accounts, prospects, touches}},
		// The load skipped the triggers (below): fold the touch paths they
		// would have kept, as migration 00007 does for existing touches.
		{`SELECT touch_path_refold($1, ARRAY(SELECT DISTINCT COALESCE(t.contact_id, t.account_id) FROM touchpoints t
			WHERE t.workspace_id = $1 AND COALESCE(t.contact_id, t.account_id) IS NOT NULL))`, []any{ws}},
		// As autovacuum would after a load: statistics, and the visibility map
		// that lets index-only scans skip the heap.
		{`VACUUM ANALYZE`, nil},
	}
	// A bulk load builds indexes once at the end rather than row by row: the
	// touchpoints' secondary indexes are dropped before their insert and
	// created again, by their own definitions, after it.
	var indexes []string
	rows, err := conn.Query(ctx, `SELECT indexdef FROM pg_indexes WHERE tablename = 'touchpoints' AND indexname <> 'touchpoints_pkey'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return err
		}
		indexes = append(indexes, def)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i, s := range steps {
		if i == len(steps)-3 { // the touchpoints
			// Their contacts and accounts were just written by this load:
			// skip the two foreign-key checks per row (superuser only).
			if _, err := conn.Exec(ctx, "SET session_replication_role = replica"); err != nil {
				return err
			}
			for _, def := range indexes {
				name := strings.Fields(def)[2]
				if strings.HasPrefix(def, "CREATE UNIQUE") {
					name = strings.Fields(def)[3]
				}
				if _, err := conn.Exec(ctx, "DROP INDEX "+name); err != nil {
					return err
				}
			}
		}
		if _, err := conn.Exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("%.60s…: %w", strings.Join(strings.Fields(s.sql), " "), err)
		}
		if i == len(steps)-3 {
			if _, err := conn.Exec(ctx, "SET session_replication_role = DEFAULT"); err != nil {
				return err
			}
			for _, def := range indexes {
				if _, err := conn.Exec(ctx, def); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// BenchmarkReports times each report over the API on PostgreSQL against a
// bare scan of the rows it reads, streamed to the client in the same run.
func BenchmarkReports(b *testing.B) {
	ctx := context.Background()
	c := configFromFlags(b)
	db, o := openDB(b, storage.Postgres, c.conns)
	base := startServer(b, db, c.logLevel)
	f := &fixture{dialect: storage.Postgres}
	if err := f.signup(base, 1); err != nil {
		b.Fatal(err)
	}
	stages := map[string]string{}
	list, err := f.api.call("GET", "/api/v1/stages", nil, 200)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range list["data"].([]any) {
		st := s.(map[string]any)
		stages[st["name"].(string)] = st["id"].(string)
	}
	conn, err := pgx.Connect(ctx, o.URL)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = conn.Close(ctx) }()
	start := time.Now()
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := seedReports(ctx, conn, f.ws, stages, *flagReportProspects, *flagReportTouches, from); err != nil {
		b.Fatal(err)
	}
	var nTouches, nWon int
	_ = conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM touchpoints), (SELECT count(*) FROM prospects WHERE status = 'won')`).Scan(&nTouches, &nWon)
	fmt.Printf("postgres: %d touchpoints, %d won prospects, loaded in %s\n", nTouches, nWon, time.Since(start).Round(time.Second))

	period := "from=2025-01-01&to=2025-12-31"
	scans := map[string]string{
		// The touches of the year's won prospects, as the won attribution reads them.
		"won touches": `SELECT pc.prospect_id, t.id, t.occurred_at, t.channel FROM prospects p
			JOIN prospect_contacts pc ON pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id
			JOIN touchpoints t ON t.workspace_id = pc.workspace_id AND t.contact_id = pc.contact_id
			WHERE p.workspace_id = $1 AND p.status = 'won'`,
		// Every touch of every prospect opened in the year, as markov's journeys with null paths read them.
		"all touches": `SELECT pc.prospect_id, t.id, t.occurred_at, t.channel FROM prospects p
			JOIN prospect_contacts pc ON pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id
			JOIN touchpoints t ON t.workspace_id = pc.workspace_id AND t.contact_id = pc.contact_id
			WHERE p.workspace_id = $1`,
		"stage changes": `SELECT sc.prospect_id, sc.to_stage_id, sc.changed_at FROM stage_changes sc WHERE sc.workspace_id = $1`,
		// What attribution reads on PostgreSQL instead of the touches: the
		// touch paths of the same contacts, times and channels.
		"won paths": `SELECT pc.prospect_id, tp.times, tp.channels FROM prospects p
			JOIN prospect_contacts pc ON pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id
			JOIN touch_paths tp ON tp.workspace_id = pc.workspace_id AND tp.owner_id = pc.contact_id
			WHERE p.workspace_id = $1 AND p.status = 'won'`,
		"all paths": `SELECT pc.prospect_id, tp.times, tp.channels FROM prospects p
			JOIN prospect_contacts pc ON pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id
			JOIN touch_paths tp ON tp.workspace_id = pc.workspace_id AND tp.owner_id = pc.contact_id
			WHERE p.workspace_id = $1`,
	}
	paths := map[string]string{"won touches": "won paths", "all touches": "all paths"}
	type report struct{ name, path, scan string }
	var reports []report
	for _, m := range []string{"first_touch", "last_touch", "linear", "u_shaped", "w_shaped", "full_path", "time_decay", "j_shaped", "inverse_j"} {
		reports = append(reports, report{"attribution " + m, "/api/v1/reports/attribution?model=" + m + "&" + period, "won touches"})
	}
	reports = append(reports,
		report{"attribution markov", "/api/v1/reports/attribution?model=markov&" + period, "all touches"},
		report{"attribution shapley", "/api/v1/reports/attribution?model=shapley&" + period, "won touches"},
		report{"funnel", "/api/v1/reports/funnel?" + period, "stage changes"},
		report{"funnel by channel", "/api/v1/reports/funnel?split_by=channel&" + period, "stage changes"},
		report{"velocity", "/api/v1/reports/velocity?" + period, "stage changes"},
		report{"lift", "/api/v1/reports/lift?exposure_type=ad_impression&stratify_by=channel&" + period, "all touches"},
		report{"roi", "/api/v1/reports/roi?model=linear&" + period, "won touches"},
	)
	scanTime := map[string]float64{}
	for name, sql := range scans {
		var runs []float64
		for i := range *flagReportRuns + 1 { // the first run warms the cache, untimed
			t0 := time.Now()
			rows, err := conn.Query(ctx, sql, f.ws)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				if _, err := rows.Values(); err != nil {
					b.Fatal(err)
				}
			}
			if rows.Err() != nil {
				b.Fatal(rows.Err())
			}
			if i > 0 {
				runs = append(runs, ms(time.Since(t0)))
			}
		}
		scanTime[name] = statOfValues(runs).med
		fmt.Printf("bare scan %-14s median %7.0f ms  runs %v\n", name, scanTime[name], rounded(runs))
	}
	fmt.Printf("\n%-24s %9s %9s %7s %9s %7s  %s\n", "report", "median ms", "scan ms", "ratio", "paths ms", "ratio", "runs")
	for _, r := range reports {
		var runs []float64
		// One untimed run first, as for the scans: a dashboard's queries
		// find their pages cached; the first after a bulk load does not.
		_, failed := f.api.call("GET", r.path, nil, 200)
		stop := func() {}
		if *flagProfile != "" {
			stop = startProfile(b, filepath.Join(*flagProfile, "report-"+strings.ReplaceAll(r.name, " ", "_")+".pprof"))
		}
		for range *flagReportRuns {
			if failed != nil {
				break
			}
			t0 := time.Now()
			if _, err := f.api.call("GET", r.path, nil, 200); err != nil {
				failed = err
				break
			}
			runs = append(runs, ms(time.Since(t0)))
		}
		stop()
		if failed != nil {
			// A report over the 5 s statement budget answers 503: say so and go on.
			fmt.Printf("%-24s failed: %v\n", r.name, failed)
			continue
		}
		med := statOfValues(runs).med
		pathCols := fmt.Sprintf("%9s %7s", "", "")
		if p, ok := paths[r.scan]; ok {
			pathCols = fmt.Sprintf("%9.0f %7.2f", scanTime[p], med/scanTime[p])
		}
		fmt.Printf("%-24s %9.0f %9.0f %7.2f %s  %v\n", r.name, med, scanTime[r.scan], med/scanTime[r.scan], pathCols, rounded(runs))
		b.ReportMetric(med, strings.ReplaceAll(r.name, " ", "_")+"_ms")
	}
}

func rounded(v []float64) []int {
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(x + 0.5)
	}
	return out
}
