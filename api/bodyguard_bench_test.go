package api

import (
	"fmt"
	"testing"
)

// BenchmarkCheckJSON checks a /v1/batch body of 20 messages shaped like
// analytics.js output, as bodyGuard does before every tracking request.
func BenchmarkCheckJSON(b *testing.B) {
	body := []byte(`{"batch":[`)
	for i := range 20 {
		if i > 0 {
			body = append(body, ',')
		}
		body = fmt.Appendf(body, `{"type":"page","name":"Pricing","anonymousId":"anon-%04d-5f0c2e9a","messageId":"bench-%d",`+
			`"timestamp":"2026-03-02T09:00:00.123456Z","properties":{"path":"/pricing","title":"Acme \"CRM\""},`+
			`"context":{"page":{"path":"/pricing","url":"https://acme.example/pricing?utm_source=google&utm_medium=cpc","title":"Acme CRM"},`+
			`"userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",`+
			`"locale":"en-US","campaign":{"source":"google","medium":"cpc","name":"brand-q4"},"library":{"name":"analytics.js","version":"5.2.0"}}}`, i, i)
	}
	body = append(body, `],"sentAt":"2026-03-02T09:00:01Z"}`...)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if err := CheckJSON(body, trackingLimits); err != nil {
			b.Fatal(err)
		}
	}
}
