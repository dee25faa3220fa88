package api

import (
	"os"
	"runtime/debug"
	rtmetrics "runtime/metrics"
)

// DefaultGCPercent is the server's garbage-collection target unless the
// environment sets GOGC: the heap may grow to five times what is live
// before a collection, instead of Go's twice. The server's live heap is
// small (request buffers, caches of a few thousand entries), and under a
// tracking load collections took a fifth of its CPU; at 400 the process
// spent 13–19% less CPU per event in bench-ingest (docs/benchmarks.md).
// Where memory is capped, set GOMEMLIMIT below the cap as well, so the
// collector works harder near it (deploy/k8s does).
const DefaultGCPercent = 400

// TuneGC applies DefaultGCPercent unless GOGC is set, and returns the
// target in force.
func TuneGC() int {
	if _, set := os.LookupEnv("GOGC"); set {
		m := []rtmetrics.Sample{{Name: "/gc/gogc:percent"}}
		rtmetrics.Read(m)
		return int(m[0].Value.Uint64())
	}
	debug.SetGCPercent(DefaultGCPercent)
	return DefaultGCPercent
}
