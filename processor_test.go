package main

import (
	"testing"
	"time"
)

// A running server processes what it ingests without being asked: the
// worker turns a tracked page view into a session touchpoint.
func TestServeProcessesEvents(t *testing.T) {
	s := startServer(t, "", nil)
	defer s.stop(t)
	tok := s.signup(t, "Tracked", "owner@tracked.example")
	key, _ := s.must(t, 201, "POST", "/api/v1/write-keys", tok, map[string]any{"name": "site"})["key"].(string)
	s.must(t, 200, "POST", "/v1/batch", "", map[string]any{"writeKey": key, "batch": []any{map[string]any{
		"type": "page", "anonymousId": "visitor-1",
		"context": map[string]any{"page": map[string]any{"url": "https://tracked.example/?utm_source=google&utm_medium=cpc"}},
	}}})
	deadline := time.Now().Add(waitFor)
	for tick := time.NewTicker(20 * time.Millisecond); ; <-tick.C {
		data, _ := s.must(t, 200, "GET", "/api/v1/touchpoints", tok, nil)["data"].([]any)
		if len(data) == 1 {
			tick.Stop()
			if tp, _ := data[0].(map[string]any); tp["type"] != "session" || tp["channel"] != "Paid Search" {
				t.Fatalf("touchpoint %v, want a Paid Search session", tp)
			}
			return
		}
		if len(data) > 1 || time.Now().After(deadline) {
			t.Fatalf("touchpoints %v within %s, want exactly one session", data, waitFor)
		}
	}
}
