package api_test

import (
	"os"
	"runtime/debug"
	"testing"

	"github.com/onefunnel/onefunnel/api"
)

// The server collects at its own target unless the operator set GOGC.
func TestTuneGCLeavesGOGCToTheOperator(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	t.Setenv("GOGC", "150")
	debug.SetGCPercent(150) // as the runtime read it at start
	if got := api.TuneGC(); got != 150 {
		t.Fatalf("with GOGC=150 the target is %d", got)
	}
	if got := debug.SetGCPercent(150); got != 150 {
		t.Fatalf("with GOGC=150 TuneGC set the target to %d", got)
	}

	t.Setenv("GOGC", "") // restored after the test
	if err := os.Unsetenv("GOGC"); err != nil {
		t.Fatal(err)
	}
	if got := api.TuneGC(); got != api.DefaultGCPercent {
		t.Fatalf("without GOGC the target is %d, want %d", got, api.DefaultGCPercent)
	}
	if got := debug.SetGCPercent(100); got != api.DefaultGCPercent {
		t.Fatalf("without GOGC TuneGC set the target to %d, want %d", got, api.DefaultGCPercent)
	}
}
