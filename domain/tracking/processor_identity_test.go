package tracking

import (
	"strings"
	"testing"
	"time"
)

func TestIdentityTraits(t *testing.T) {
	tests := []struct {
		name                        string
		traits                      map[string]any
		email, first, last, company string
	}{
		{"first and last name", map[string]any{"email": " Ann@Acme.io ", "firstName": "Ann", "lastName": "Lee"}, "ann@acme.io", "Ann", "Lee", ""},
		{"a full name is split at its first space", map[string]any{"name": "Mary Ann Smith"}, "", "Mary", "Ann Smith", ""},
		{"first and last win over name", map[string]any{"name": "X Y", "firstName": "Ann"}, "", "Ann", "", ""},
		{"an email that is not one is ignored", map[string]any{"email": "not an email"}, "", "", "", ""},
		{"a non-string email is ignored", map[string]any{"email": 42}, "", "", "", ""},
		{"company as a name", map[string]any{"company": "Acme"}, "", "", "", "Acme"},
		{"company as an object", map[string]any{"company": map[string]any{"name": "Acme Ltd"}}, "", "", "", "Acme Ltd"},
		{"no traits", nil, "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last := nameTraits(tt.traits)
			if got := emailTrait(tt.traits); got != tt.email {
				t.Errorf("email = %q, want %q", got, tt.email)
			}
			if first != tt.first || last != tt.last {
				t.Errorf("names = %q %q, want %q %q", first, last, tt.first, tt.last)
			}
			if got := companyTrait(tt.traits); got != tt.company {
				t.Errorf("company = %q, want %q", got, tt.company)
			}
		})
	}
}

func TestProspectTitle(t *testing.T) {
	tests := []struct {
		person Person
		want   string
	}{
		{Person{FirstName: "Ann", LastName: "Lee", Email: "ann@acme.io"}, "Ann Lee"},
		{Person{LastName: "Lee"}, "Lee"},
		{Person{Email: "ann@acme.io", ExternalID: "u1"}, "ann@acme.io"},
		{Person{ExternalID: "u1"}, "u1"},
		{Person{}, "Unknown visitor"},
		{Person{FirstName: strings.Repeat("é", 300)}, strings.Repeat("é", 255)},
	}
	for _, tt := range tests {
		if got := ProspectTitle(tt.person); got != tt.want {
			t.Errorf("ProspectTitle(%+v) = %q, want %q", tt.person, got, tt.want)
		}
	}
}

// The processor reads back exactly what ingest stored.
func TestDecodeStoredRoundTrip(t *testing.T) {
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	msgs, err := ParseBatch([]byte(`{"batch":[{"type":"identify","messageId":"m1","anonymousId":"a1","userId":"12345678901234567890",
		"timestamp":"2026-01-05T09:59:00Z","traits":{"email":"ann@acme.io","seats":12345678901234567890},
		"context":{"page":{"url":"https://acme.io/?utm_source=google&utm_medium=cpc"}}}]}`), at)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := msgs[0].JSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeStored(payload)
	if err != nil {
		t.Fatal(err)
	}
	want := msgs[0]
	if got.Type != want.Type || got.UserID != want.UserID || got.AnonymousID != want.AnonymousID || !got.Timestamp.Equal(want.Timestamp) {
		t.Errorf("decoded %+v, want %+v", got, want)
	}
	if s, _ := got.Traits["seats"].(interface{ String() string }); s == nil || s.String() != "12345678901234567890" {
		t.Errorf("a large number lost precision: %v", got.Traits["seats"])
	}
	if Classify(got.Touch()) != ChannelPaidSearch {
		t.Errorf("context lost: touch %+v", got.Touch())
	}
	if _, err := DecodeStored([]byte("{")); err == nil {
		t.Error("a broken payload decoded")
	}
}
