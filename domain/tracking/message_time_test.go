package tracking

import (
	"testing"
	"time"
)

func TestCorrectTimestamp(t *testing.T) {
	rx := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return rx.Add(d) }
	var none time.Time
	tests := []struct {
		name             string
		original, sentAt time.Time
		want             time.Time
	}{
		{"no client clock: the event happened when it arrived", none, none, rx},
		{"client clock right, sent at once", at(-2 * time.Second), at(0), at(-2 * time.Second)},
		{"client clock 1 h fast: the skew is removed", at(time.Hour - 3*time.Second), at(time.Hour), at(-3 * time.Second)},
		{"client clock 1 day slow: the skew is removed", at(-24*time.Hour - time.Minute), at(-24 * time.Hour), at(-time.Minute)},
		{"queued offline for 2 h: the queue time is kept", at(-2 * time.Hour), at(0), at(-2 * time.Hour)},
		{"no sentAt: a server library's timestamp is taken as given", at(-30 * 24 * time.Hour), none, at(-30 * 24 * time.Hour)},
		{"no sentAt and a future timestamp: clamped to arrival", at(10 * time.Minute), none, rx},
		{"timestamp after sentAt (a broken client): clamped to arrival", at(5 * time.Minute), at(0), rx},
		{"sentAt without a timestamp: nothing to correct", none, at(time.Hour), rx},
		{"sub-microsecond digits are truncated, as the databases keep them", at(-1500 * time.Nanosecond), none, at(-2 * time.Microsecond)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := correctTimestamp(tt.original, tt.sentAt, rx)
			if !got.Equal(tt.want) {
				t.Errorf("got %v, want %v", got.Format(time.RFC3339Nano), tt.want.Format(time.RFC3339Nano))
			}
			if got.Location() != time.UTC {
				t.Errorf("timestamp must be UTC, got %v", got.Location())
			}
		})
	}
}

func TestParseMessageCorrectsSkewEndToEnd(t *testing.T) {
	// A phone whose clock is 3 hours ahead, in another zone, sent a call
	// 20 seconds after making it.
	body := `{"userId":"u1","event":"E","timestamp":"2026-03-02T15:00:00+02:00","sentAt":"2026-03-02T15:00:20+02:00"}`
	rx := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	m, err := ParseMessage([]byte(body), "track", rx)
	if err != nil {
		t.Fatal(err)
	}
	if want := rx.Add(-20 * time.Second); !m.Timestamp.Equal(want) {
		t.Errorf("timestamp = %v, want %v", m.Timestamp, want)
	}
	if want := time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC); !m.OriginalTimestamp.Equal(want) || m.OriginalTimestamp.Location() != time.UTC {
		t.Errorf("originalTimestamp = %v, want the client's reading %v in UTC", m.OriginalTimestamp, want)
	}
}

func TestOriginalTimestampFieldWinsOverTimestamp(t *testing.T) {
	// RudderStack and replayed Segment exports send originalTimestamp.
	body := `{"userId":"u1","event":"E","originalTimestamp":"2026-03-02T09:00:00Z","timestamp":"2026-03-02T09:30:00Z"}`
	m, err := ParseMessage([]byte(body), "track", received)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC); !m.Timestamp.Equal(want) {
		t.Errorf("timestamp = %v, want %v", m.Timestamp, want)
	}
}
