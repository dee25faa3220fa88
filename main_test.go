package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// binary is the real onefunnel executable the tests run. It is built once
// per test process: every test here drives the binary as an operator would,
// and one link is cheaper than one per test.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "onefunnel-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "onefunnel")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	code := storagetest.Main(m)
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// waitFor bounds every wait in these tests; nothing here sleeps a fixed time.
const waitFor = 30 * time.Second

// cleanEnv is the test process's environment without ONEFUNNEL_* settings,
// so a developer's own configuration cannot leak into a test; the test
// database locator stays.
func cleanEnv(extra ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "ONEFUNNEL_") && !strings.HasPrefix(kv, "ONEFUNNEL_TEST_") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, extra...)
}

// runCLI runs a subcommand to completion and returns its output.
func runCLI(t *testing.T, env []string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = cleanEnv(env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// server is a running `onefunnel serve`.
type server struct {
	URL     string
	DataDir string
	cmd     *exec.Cmd
	stdout  *storagetest.LockedBuffer
	stderr  *storagetest.LockedBuffer
	done    chan struct{} // closed when the process has exited
	waitErr error
}

// startServer runs `onefunnel serve` on a free port of 127.0.0.1 and returns
// once /readyz answers 200. The server picks the port (":0") and prints its
// URL, so there is no race for a port between choosing and binding it.
// dataDir "" means a new temporary directory.
func startServer(t *testing.T, dataDir string, env []string, args ...string) *server {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	s := &server{DataDir: dataDir, stdout: &storagetest.LockedBuffer{}, stderr: &storagetest.LockedBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir}, args...)...)
	s.cmd.Env = cleanEnv(env...)
	s.cmd.Stderr = s.stderr
	pipe, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			_, _ = s.stdout.Write([]byte(line + "\n"))
			if rest, ok := strings.CutPrefix(line, "OneFunnel is running at "); ok {
				url, _, _ := strings.Cut(rest, " ")
				select {
				case urls <- url:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, pipe)
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() { s.stop(t) })

	select {
	case s.URL = <-urls:
	case <-s.done:
		t.Fatalf("onefunnel serve exited before listening: %v\nstdout:\n%s\nstderr:\n%s", s.waitErr, s.stdout, s.stderr)
	case <-time.After(waitFor):
		t.Fatalf("onefunnel serve printed no URL within %s\nstdout:\n%s\nstderr:\n%s", waitFor, s.stdout, s.stderr)
	}
	s.waitReady(t)
	return s
}

// waitReady polls /readyz until it answers 200.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	client := &http.Client{Timeout: 2 * time.Second}
	for tick := time.NewTicker(20 * time.Millisecond); ; <-tick.C {
		res, err := client.Get(s.URL + "/readyz")
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				tick.Stop()
				return
			}
		}
		select {
		case <-s.done:
			t.Fatalf("onefunnel serve exited: %v\nstderr:\n%s", s.waitErr, s.stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz not 200 within %s (last error %v)\nstderr:\n%s", waitFor, err, s.stderr)
		}
	}
}

// terminate sends SIGTERM and waits for the exit; it fails the test unless
// the process exits within limit.
func (s *server) terminate(t *testing.T, limit time.Duration) error {
	t.Helper()
	s.sigterm(t)
	return s.waitExit(t, limit)
}

func (s *server) sigterm(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}

// waitExit returns the process's exit error, failing the test (and killing
// the process) if it has not exited within limit.
func (s *server) waitExit(t *testing.T, limit time.Duration) error {
	t.Helper()
	select {
	case <-s.done:
		return s.waitErr
	case <-time.After(limit):
		_ = s.cmd.Process.Kill()
		<-s.done
		t.Fatalf("onefunnel serve did not exit within %s\nstderr:\n%s", limit, s.stderr)
		return nil
	}
}

// exited reports whether the process has ended.
func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// stop ends the server at test cleanup if the test has not.
func (s *server) stop(t *testing.T) {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(waitFor):
		_ = s.cmd.Process.Kill()
		<-s.done
		t.Errorf("onefunnel serve ignored SIGTERM for %s", waitFor)
	}
}

// call sends a JSON request to the server and decodes a JSON answer.
func (s *server) call(t *testing.T, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := (&http.Client{Timeout: waitFor}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: %d, not JSON: %s", method, path, res.StatusCode, raw)
		}
	}
	return res.StatusCode, out
}

// must is call that fails the test unless the status is want.
func (s *server) must(t *testing.T, want int, method, path, token string, body any) map[string]any {
	t.Helper()
	status, out := s.call(t, method, path, token, body)
	if status != want {
		t.Fatalf("%s %s: status %d, want %d: %v", method, path, status, want, out)
	}
	return out
}

// signup creates a workspace over HTTP and returns its owner's access token.
func (s *server) signup(t *testing.T, workspace, email string) string {
	t.Helper()
	out := s.must(t, 201, "POST", "/api/v1/auth/signup", "", map[string]any{
		"workspace_name": workspace, "name": "Owner", "email": email, "password": "correct horse battery staple",
	})
	tok, _ := out["access_token"].(string)
	if tok == "" {
		t.Fatalf("signup gave no access token: %v", out)
	}
	return tok
}

// nested reads out[a][b] as a string.
func nested(out map[string]any, a, b string) string {
	m, _ := out[a].(map[string]any)
	s, _ := m[b].(string)
	return s
}
