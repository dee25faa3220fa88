package storage_test

import (
	"context"
	"flag"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/demo"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// 133.34 is the benchmark size: 200,000 prospects, about 50,000 won and
// 5,400,000 touchpoints, 11.9 million rows in all.
var (
	demoScale   = flag.Float64("demo.scale", 133.34, "BenchmarkDemoWrite: the demo's scale")
	demoDialect = flag.String("demo.dialect", "postgres", "BenchmarkDemoWrite: postgres or sqlite")
)

// BenchmarkDemoWrite writes one demo into a fresh database and reports rows
// per second, generation included (it overlaps the writing). It is not part
// of `go test`: run it alone, once —
//
//	go test ./storage/ -run '^$' -bench BenchmarkDemoWrite -benchtime 1x -timeout 60m
//
// docs/demo.md has the measurements.
func BenchmarkDemoWrite(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		db := storagetest.Open(b, storage.Dialect(*demoDialect))
		p := newWorkspace(b, db)
		plan, err := demo.Generate(demo.Config{Seed: 1, Now: domain.Now(), Scale: *demoScale, WorkspaceID: p.WorkspaceID, Stages: stages(b, db, p), Owners: []string{p.MemberID}})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		n, err := db.WriteDemo(ctx, plan)
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		b.ReportMetric(float64(n.Rows())/took.Seconds(), "rows/s")
		b.ReportMetric(float64(n.Touchpoints)/took.Seconds(), "touchpoints/s")
		b.Logf("%s: %d rows (%d prospects, %d won, %d touchpoints, %d sessions) in %s", *demoDialect, n.Rows(), n.Prospects, n.Won, n.Touchpoints, n.Sessions, took.Round(time.Millisecond))
	}
}
