package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// Whatever a tracking client sends as an anonymousId or a campaign arrives
// intact through an array parameter: quotes, backslashes, commas, braces,
// the word NULL, spaces and non-ASCII text; nil pointers are NULL; times
// keep microseconds.
func TestArrayParametersRoundTrip(t *testing.T) {
	db := storagetest.Open(t, storage.Postgres)
	ctx := context.Background()
	texts := []string{"", `"`, `\`, `a"b\c`, "a,b", "{x}", "NULL", "null", " lead and trail ", "ünï 名前 🙂", `\"{,}"\`, "tab\there", "new\nline"}
	vals := make([]any, 0, len(texts)+2)
	for _, s := range texts {
		vals = append(vals, s)
	}
	vals = append(vals, (*string)(nil), nil)
	got, err := db.Unnest(ctx, "text", vals)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(vals) {
		t.Fatalf("%d values back, want %d", len(got), len(vals))
	}
	for i, s := range texts {
		if got[i] == nil || *got[i] != s {
			t.Errorf("value %d: got %v, want %q", i, got[i], s)
		}
	}
	if got[len(texts)] != nil || got[len(texts)+1] != nil {
		t.Errorf("nil pointer and nil came back as %v and %v, want NULL", got[len(texts)], got[len(texts)+1])
	}

	at := time.Date(2026, 3, 2, 9, 30, 15, 123456789, time.FixedZone("CET", 3600))
	var nilTime *time.Time
	got, err = db.Unnest(ctx, "timestamptz", []any{at, &at, nilTime})
	if err != nil {
		t.Fatal(err)
	}
	var back time.Time
	if got[0] != nil {
		back, err = time.Parse("2006-01-02 15:04:05.999999-07", *got[0])
	}
	if err != nil || !back.Equal(at.Truncate(time.Microsecond)) || got[1] == nil || *got[1] != *got[0] || got[2] != nil {
		t.Errorf("times came back as %v (%v), want %v to the microsecond, the same again, then NULL", got, err, at)
	}

	got, err = db.Unnest(ctx, "integer", []any{0, -7, 2147483647})
	if err != nil || len(got) != 3 || *got[0] != "0" || *got[1] != "-7" || *got[2] != "2147483647" {
		t.Errorf("integers came back as %v, %v", got, err)
	}
}
