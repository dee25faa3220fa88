// Package bench measures the REST API under load on a real socket: it loads
// 100,000 contacts and 10,000 prospects into a fresh database, starts the
// server as `onefunnel serve` would, drives it with concurrent keep-alive
// clients for a fixed time, and measures the same queries sent straight to the
// database in the same run, so the API's overhead reads as a ratio.
// BenchmarkIngest does the same for the tracking endpoints against COPY. It
// holds benchmarks and the checks of their tools only; `make bench-api` and
// `make bench-ingest` run them. Results: docs/benchmarks.md.
package bench

import (
	"os"
	"testing"

	"github.com/onefunnel/onefunnel/api"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// The process collects garbage as the server does (api.TuneGC): the server,
// its processor and the load generator share it.
func TestMain(m *testing.M) {
	api.TuneGC()
	os.Exit(storagetest.Main(m))
}
