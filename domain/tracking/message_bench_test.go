package tracking

import (
	"fmt"
	"testing"
	"time"
)

// benchBatch is a /v1/batch body of n messages shaped like analytics.js
// output (the same shape as api/bench's ingest load): three in four page
// calls, the rest track calls, each about 500 bytes.
func benchBatch(n int) []byte {
	buf := []byte(`{"batch":[`)
	for i := range n {
		if i > 0 {
			buf = append(buf, ',')
		}
		ctx := `"context":{"page":{"path":"/pricing","url":"https://acme.example/pricing?utm_source=google&utm_medium=cpc&utm_campaign=brand-q4","title":"Acme CRM"},` +
			`"userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36","locale":"en-US",` +
			`"campaign":{"source":"google","medium":"cpc","name":"brand-q4"}}`
		if i%4 == 0 {
			buf = fmt.Appendf(buf, `{"type":"track","event":"Signup Clicked","anonymousId":"anon-%04d-5f0c2e9a","messageId":"bench-%d","timestamp":"2026-03-02T09:00:00.123456Z","properties":{"plan":"team","button":"hero","seats":12},%s}`, i, i, ctx)
		} else {
			buf = fmt.Appendf(buf, `{"type":"page","name":"Pricing","anonymousId":"anon-%04d-5f0c2e9a","messageId":"bench-%d","timestamp":"2026-03-02T09:00:00.123456Z","properties":{"path":"/pricing"},%s}`, i, i, ctx)
		}
	}
	return append(buf, `],"sentAt":"2026-03-02T09:00:01Z"}`...)
}

// BenchmarkParseBatch is ingest's per-request work in this package: parse a
// batch of 20 and encode each message's stored form.
func BenchmarkParseBatch(b *testing.B) {
	body := benchBatch(20)
	now := time.Date(2026, 3, 2, 9, 0, 2, 0, time.UTC)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		msgs, err := ParseBatch(body, now)
		if err != nil || len(msgs) != 20 {
			b.Fatal(len(msgs), err)
		}
		for _, m := range msgs {
			if _, _, err := m.Stored(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecodeStored is the event processor's work for an event that
// ingest did not hand it: decoding the stored payload of each of a batch's
// 20 messages.
func BenchmarkDecodeStored(b *testing.B) {
	msgs, err := ParseBatch(benchBatch(20), time.Date(2026, 3, 2, 9, 0, 2, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	payloads := make([][]byte, len(msgs))
	for i, m := range msgs {
		if payloads[i], err = m.JSON(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range payloads {
			if _, err := DecodeStored(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
