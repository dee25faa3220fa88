package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
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
