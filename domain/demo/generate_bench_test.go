package demo

import (
	"testing"
	"time"
)

// BenchmarkGenerate measures generating alone, one chunk after another on
// one core: go test ./domain/demo -run '^$' -bench Generate.
func BenchmarkGenerate(b *testing.B) {
	p := mustGenerate(b, testConfig(1, 10))
	for b.Loop() {
		var n Counts
		start := time.Now()
		for c := range p.Chunks() {
			n.AddChunk(c)
		}
		b.ReportMetric(float64(n.Rows())/time.Since(start).Seconds(), "rows/s")
	}
}
