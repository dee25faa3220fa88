package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// On SIGTERM the server stops taking connections, finishes the request in
// flight (and commits it), and exits 0 within the 25 s drain.
func TestGracefulShutdown(t *testing.T) {
	srv := startServer(t, "", nil)
	token := srv.signup(t, "Drain", "ada@drain.example")

	// A create whose body arrives in two parts. "Expect: 100-continue" makes
	// the server say when the handler starts reading the body, so the signal
	// below surely lands while this request is in flight.
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(waitFor))
	body := `{"name":"In flight","domain":"inflight.example"}`
	half := len(body) / 2
	fmt.Fprintf(conn, "POST /api/v1/accounts HTTP/1.1\r\nHost: onefunnel\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", token, len(body))
	rd := bufio.NewReader(conn)
	cont, err := http.ReadResponse(rd, nil)
	if err != nil {
		t.Fatalf("no 100 Continue: %v", err)
	}
	_ = cont.Body.Close() // an interim response has no body
	if cont.StatusCode != http.StatusContinue {
		t.Fatalf("got %s, want 100 Continue", cont.Status)
	}
	if _, err := io.WriteString(conn, body[:half]); err != nil {
		t.Fatal(err)
	}

	sent := time.Now()
	srv.sigterm(t)

	// New connections are refused while the old one drains.
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := client.Get(srv.URL + "/healthz")
		if err != nil {
			break
		}
		_ = res.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("/healthz still answers 10 s after SIGTERM")
		}
	}
	if srv.exited() {
		t.Fatalf("the server exited (%v) with a request in flight", srv.waitErr)
	}

	if _, err := io.WriteString(conn, body[half:]); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(rd, nil)
	if err != nil {
		t.Fatalf("the in-flight request got no answer: %v", err)
	}
	defer res.Body.Close()
	var acc map[string]any
	if err := json.NewDecoder(res.Body).Decode(&acc); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("the in-flight request: %d %v (%v)", res.StatusCode, acc, err)
	}

	if err := srv.waitExit(t, 25*time.Second-time.Since(sent)); err != nil {
		t.Fatalf("exit after SIGTERM: %v, want status 0\nstderr:\n%s", err, srv.stderr)
	}
	t.Logf("exited %s after SIGTERM", time.Since(sent).Round(time.Millisecond))
	if !strings.Contains(srv.stderr.String(), `"msg":"shutting down"`) {
		t.Errorf("no shutdown logged:\n%s", srv.stderr)
	}

	// What was acknowledged during the drain was committed.
	again := startServer(t, srv.DataDir, nil)
	got := again.must(t, 200, "GET", "/api/v1/accounts/"+acc["id"].(string), token, nil)
	if got["name"] != "In flight" {
		t.Errorf("after restart: %v", got)
	}
}
