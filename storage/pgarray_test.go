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
// keep microseconds; uuids, integers and NULLs of each type come back.
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

	got, err = db.Unnest(ctx, "integer", []any{0, -7, 2147483647, nil})
	if err != nil || len(got) != 4 || *got[0] != "0" || *got[1] != "-7" || *got[2] != "2147483647" || got[3] != nil {
		t.Errorf("integers came back as %v, %v", got, err)
	}

	id := "0193f1a2-7c4e-7b3a-9d2e-5f6a7b8c9d0e"
	var nilID *string
	got, err = db.Unnest(ctx, "uuid", []any{id, &id, nilID, nil})
	if err != nil || len(got) != 4 || got[0] == nil || *got[0] != id || got[1] == nil || *got[1] != id || got[2] != nil || got[3] != nil {
		t.Errorf("uuids came back as %v, %v", got, err)
	}

	// What is not of the column's type fails before anything is sent.
	for _, c := range []struct {
		typ string
		val any
	}{{"uuid", "not-a-uuid"}, {"uuid", 7}, {"integer", 2147483648}, {"integer", "7"}, {"timestamptz", "2026-03-02"}, {"text", 7}, {"jsonb", "{}"}} {
		if got, err := db.Unnest(ctx, c.typ, []any{c.val}); err == nil {
			t.Errorf("%s %#v came back as %v, want an error", c.typ, c.val, got)
		}
	}
}
