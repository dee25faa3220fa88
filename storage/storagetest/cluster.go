package storagetest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

var clusterDir string

// startCluster runs a throwaway PostgreSQL with initdb and pg_ctl, as the
// postgres user when running as root (PostgreSQL refuses to run as root).
func startCluster() (string, error) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		if p, err := exec.LookPath("initdb"); err == nil {
			bins = []string{p}
		}
	}
	if len(bins) == 0 {
		return "", fmt.Errorf("no PostgreSQL server reachable and no initdb found: install postgresql or set ONEFUNNEL_TEST_DATABASE_URL")
	}
	sort.Strings(bins)
	bin := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "onefunnel-pg-")
	if err != nil {
		return "", err
	}
	port, err := freePort()
	if err != nil {
		return "", err
	}
	asPG := func(name string, args ...string) *exec.Cmd {
		if os.Geteuid() == 0 {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)...)
		}
		return exec.Command(filepath.Join(bin, name), args...)
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			return "", fmt.Errorf("chown: %w: %s", err, out)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := asPG("initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync").CombinedOutput(); err != nil {
		return "", fmt.Errorf("initdb: %w: %s", err, out)
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", port, dir)
	if out, err := asPG("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start").CombinedOutput(); err != nil {
		return "", fmt.Errorf("pg_ctl start: %w: %s", err, out)
	}
	clusterDir = dir
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Main runs a package's tests and then stops a cluster this process started
// and drops its template. Use it from TestMain.
func Main(m *testing.M) int {
	code := m.Run()
	if pgTemplate != "" && pgServer != "" {
		_ = adminExec("DROP DATABASE IF EXISTS " + pgTemplate + " WITH (FORCE)")
	}
	if clusterDir != "" {
		bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
		if len(bins) > 0 {
			sort.Strings(bins)
			cmd := exec.Command(bins[len(bins)-1], "-D", filepath.Join(clusterDir, "data"), "-m", "immediate", "stop")
			if os.Geteuid() == 0 {
				cmd = exec.Command("runuser", "-u", "postgres", "--", bins[len(bins)-1], "-D", filepath.Join(clusterDir, "data"), "-m", "immediate", "stop")
			}
			_ = cmd.Run()
		}
		_ = os.RemoveAll(clusterDir)
	}
	return code
}
