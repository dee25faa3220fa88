package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// cpuTimes is where the machine's CPU time went, in seconds: this process
// (server and load generator), PostgreSQL's processes (every database on
// the server, so other users' too), and the machine as a whole. Sampled
// around each run, it shows how busy the machine was with other work.
type cpuTimes struct{ self, postgres, busy float64 }

// cpuUse is CPU use over a run, in cores.
type cpuUse struct{ self, postgres, other float64 }

// userHZ is the kernel's clock tick for /proc times; 100 on Linux everywhere.
const userHZ = 100

func sampleCPU() cpuTimes {
	var t cpuTimes
	if b, err := os.ReadFile("/proc/stat"); err == nil {
		line, _, _ := bytes.Cut(b, []byte("\n"))
		f := strings.Fields(string(line))
		for i, v := range f[1:] {
			n, _ := strconv.ParseFloat(v, 64)
			// user nice system idle iowait irq softirq steal: idle and iowait are not busy.
			if i < 8 && i != 3 && i != 4 {
				t.busy += n / userHZ
			}
		}
	}
	t.self = procTime("/proc/self/stat")
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		if comm, err := os.ReadFile(d + "/comm"); err == nil && strings.TrimSpace(string(comm)) == "postgres" {
			t.postgres += procTime(d + "/stat")
		}
	}
	return t
}

// procTime reads a process's user and system time from its stat file.
func procTime(path string) float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after it are fixed.
	_, rest, ok := bytes.Cut(b, []byte(") "))
	if !ok {
		return 0
	}
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	s, _ := strconv.ParseFloat(f[12], 64)
	return (u + s) / userHZ
}

// since is the CPU used from a to b over seconds of wall time. PostgreSQL
// processes that ended between the samples are not counted, so "other"
// can include some of their time.
func (b cpuTimes) since(a cpuTimes, seconds float64) cpuUse {
	// A PostgreSQL process that exits takes its time with it: never below 0.
	u := cpuUse{self: (b.self - a.self) / seconds, postgres: max(0, (b.postgres-a.postgres)/seconds)}
	u.other = max(0, (b.busy-a.busy)/seconds-u.self-u.postgres)
	return u
}

func (u cpuUse) String() string { return fmt.Sprintf("%.2f/%.2f/%.2f", u.self, u.postgres, u.other) }
