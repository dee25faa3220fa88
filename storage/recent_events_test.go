package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// A claim hands the processor the same messages whether ingest handed
// them over on this replica or they are read back from the events table.
func TestClaimedMessagesAreTheStoredOnes(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		ctx := context.Background()
		db := storagetest.Open(t, d)
		ws := newWorkspace(t, db).WorkspaceID
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		msgs, err := tracking.ParseBatch([]byte(`{"batch":[
			{"type":"page","anonymousId":"a1","timestamp":"2026-03-02T08:59:00.123456+01:00",
				"context":{"page":{"url":"https://acme.test/?utm_source=google&utm_medium=cpc","title":"<b>Pricing</b>"},"userAgent":"Mozilla/5.0 (iPhone)"}},
			{"type":"track","anonymousId":"a1","event":"Ad Clicked","properties":{"price":1.5,"n":12345678901234567890,"tags":["x",null,true],"empty":{}}},
			{"type":"identify","anonymousId":"a1","userId":"u1","traits":{"email":"ann@acme.test","name":"Ann \u2028"},"integrations":{}},
			{"type":"group","userId":"u1","groupId":"g1","traits":{"name":"Acme"}},
			{"type":"screen","userId":"u1","name":"Home","category":"App"},
			{"type":"alias","userId":"u2","previousId":"u1"}],
			"sentAt":"2026-03-02T09:00:00Z","context":{"library":{"name":"analytics.js"}}}`), at)
		if err != nil {
			t.Fatal(err)
		}
		rows := make([]storage.EventRow, len(msgs))
		for i, m := range msgs {
			payload, stored, err := m.Stored()
			if err != nil {
				t.Fatal(err)
			}
			rows[i] = storage.EventRow{WorkspaceID: ws, ID: domain.NewID(), MessageID: m.MessageID, Type: string(m.Type),
				AnonymousID: m.AnonymousID, UserID: m.UserID, Timestamp: m.Timestamp, ReceivedAt: m.ReceivedAt, Payload: payload, Message: &stored}
		}
		batcher := db.NewBatcher(0)
		if _, err := batcher.Write(ctx, rows); err != nil {
			t.Fatal(err)
		}
		batcher.Close()
		if n := db.RecentEvents(); n != len(rows) {
			t.Fatalf("%d messages handed over, want %d", n, len(rows))
		}
		handed, err := db.Claim(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		if n := db.RecentEvents(); n != 0 {
			t.Fatalf("%d messages left after the claim took them", n)
		}
		read, err := db.Claim(ctx, 100) // the first claim rolled back; these come from the events table
		if err != nil {
			t.Fatal(err)
		}
		if len(handed) != len(rows) || len(read) != len(rows) {
			t.Fatalf("claimed %d and %d, want %d", len(handed), len(read), len(rows))
		}
		for i := range handed {
			// Raw is the stored text, kept byte for byte on both databases
			// (PostgreSQL's column is json, migration 16).
			if !reflect.DeepEqual(handed[i], read[i]) {
				t.Errorf("event %d handed over:\n%#v\nread back:\n%#v", i, handed[i], read[i])
			}
		}
		if err := db.ProcessAll(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := db.ProcessBatch(ctx, 100); err != nil || n != 0 {
			t.Fatalf("after processing: %d left, %v", n, err)
		}
	})
}

// Rows without a message (written by anything but ingest) are read back
// from the events table, and a full hand-over drops the oldest.
func TestClaimReadsWhatWasNotHandedOver(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		ctx := context.Background()
		db := storagetest.Open(t, d)
		ws := newWorkspace(t, db).WorkspaceID
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var rows []storage.EventRow
		for i := range 4 {
			m := tracking.Message{Type: tracking.TypePage, MessageID: fmt.Sprint("m", i), AnonymousID: "a", Timestamp: at.Add(time.Duration(i) * time.Second), ReceivedAt: at.Add(time.Minute)}
			payload, stored, err := m.Stored()
			if err != nil {
				t.Fatal(err)
			}
			r := storage.EventRow{WorkspaceID: ws, ID: domain.NewID(), MessageID: m.MessageID, Type: "page", AnonymousID: "a", Timestamp: m.Timestamp, ReceivedAt: m.ReceivedAt, Payload: payload}
			if i%2 == 0 {
				r.Message = &stored
			}
			rows = append(rows, r)
		}
		batcher := db.NewBatcher(0)
		if _, err := batcher.Write(ctx, rows); err != nil {
			t.Fatal(err)
		}
		batcher.Close()
		if n := db.RecentEvents(); n != 2 {
			t.Fatalf("%d handed over, want the 2 with a message", n)
		}
		evs, err := db.Claim(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		for i, ev := range evs {
			if ev.ID != rows[i].ID || ev.Message.MessageID != rows[i].MessageID || !bytes.Equal(ev.Message.Raw, rows[i].Payload) {
				t.Errorf("event %d: %s %q %s, want %s %q %s", i, ev.ID, ev.Message.MessageID, ev.Message.Raw, rows[i].ID, rows[i].MessageID, rows[i].Payload)
			}
		}
	})
}
