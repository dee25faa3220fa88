package bench

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestTrackerClientSendsTheEventsAsTheServerReadsThem(t *testing.T) {
	type seen struct{ method, path, auth, contentType, body string }
	got := make(chan seen, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- seen{r.Method, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(body)}
		if strings.Contains(string(body), "bad") {
			http.Error(w, `{"success":false}`, http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte(`{"success":true}`))
	}))
	defer srv.Close()
	c, err := newTrackerClient(srv.URL, "Basic a2V5Og==", 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.post("/v1/batch", []byte(`{"batch":[]}`)); err != nil {
		t.Fatalf("post: %v", err)
	}
	want := seen{"POST", "/v1/batch", "Basic a2V5Og==", "application/json", `{"batch":[]}`}
	if s := <-got; s != want {
		t.Errorf("server saw %+v, want %+v", s, want)
	}
	err = c.post("/v1/track", []byte(`{"event":"bad"}`))
	<-got
	if err == nil || !strings.Contains(err.Error(), "status 400") {
		t.Errorf("a 400 answer: err = %v, want one naming the status", err)
	}
}

func TestTrackerClientWaitsForABusyConnection(t *testing.T) {
	release := make(chan struct{})
	var inside sync.WaitGroup
	inside.Add(2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if strings.Contains(r.URL.Path, "hold") {
			inside.Done()
			<-release
		}
		_, _ = w.Write([]byte(`{"success":true}`))
	}))
	defer srv.Close()
	c, err := newTrackerClient(srv.URL, "Basic a2V5Og==", 2)
	if err != nil {
		t.Fatal(err)
	}
	held := make(chan error, 2)
	for range 2 {
		go func() { held <- c.post("/v1/hold", []byte(`{}`)) }()
	}
	inside.Wait() // both connections are busy
	third := make(chan error, 1)
	go func() { third <- c.post("/v1/track", []byte(`{}`)) }()
	// Free the connections once the third sender is in the client (or has
	// given up already, as fasthttp's default does at once).
	err = nil
	for waiting := false; !waiting; {
		select {
		case err = <-third:
			waiting = true
		default:
			waiting = c.hc.PendingRequests() == 3
			runtime.Gosched()
		}
	}
	close(release)
	if err == nil {
		err = <-third
	}
	if err != nil {
		t.Errorf("a third sender on two busy connections: %v, want it to wait for one", err)
	}
	if err := errors.Join(<-held, <-held); err != nil {
		t.Error(err)
	}
}
