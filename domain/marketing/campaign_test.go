package marketing

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// fieldCodes lists "field:code" of a validation error, or "" for nil.
func fieldCodes(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a validation error", err)
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

func TestValidateCampaign(t *testing.T) {
	valid := func() CampaignInput {
		return CampaignInput{Name: domain.Some("Spring launch"), Channel: domain.Some(tracking.ChannelPaidSearch), UTMCampaign: domain.Some("spring-launch")}
	}
	tests := []struct {
		name     string
		in       func() CampaignInput
		creating bool
		want     []string // field:code, empty for valid
		wantKey  string
	}{
		{name: "a complete campaign", in: valid, creating: true, wantKey: "spring-launch"},
		{name: "the key is trimmed and lower-cased as GA4 compares", creating: true, wantKey: "spring-launch", in: func() CampaignInput {
			in := valid()
			in.UTMCampaign = domain.Some("  Spring-Launch ")
			return in
		}},
		{name: "a blank key", creating: true, want: []string{"utm_campaign:required"}, in: func() CampaignInput {
			in := valid()
			in.UTMCampaign = domain.Some("   ")
			return in
		}},
		{name: "no key at all", creating: true, want: []string{"utm_campaign:required"}, in: func() CampaignInput {
			in := valid()
			in.UTMCampaign = domain.Optional[string]{}
			return in
		}},
		{name: "a key of 256 characters", creating: true, want: []string{"utm_campaign:too_long"}, in: func() CampaignInput {
			in := valid()
			in.UTMCampaign = domain.Some(strings.Repeat("k", 256))
			return in
		}},
		{name: "an unknown channel", creating: true, want: []string{"channel:invalid_channel"}, in: func() CampaignInput {
			in := valid()
			in.Channel = domain.Some(tracking.Channel("Billboards"))
			return in
		}},
		{name: "a channel in the wrong case", creating: true, want: []string{"channel:invalid_channel"}, in: func() CampaignInput {
			in := valid()
			in.Channel = domain.Some(tracking.Channel("paid search"))
			return in
		}},
		{name: "no channel on create", creating: true, want: []string{"channel:invalid_channel"}, in: func() CampaignInput {
			in := valid()
			in.Channel = domain.Optional[tracking.Channel]{}
			return in
		}},
		{name: "a patch that leaves everything alone", creating: false, in: func() CampaignInput { return CampaignInput{} }},
		{name: "a patch renaming to blank", creating: false, want: []string{"name:required"}, in: func() CampaignInput {
			return CampaignInput{Name: domain.Some(" ")}
		}},
		{name: "every channel GA4 names is accepted", creating: true, in: func() CampaignInput {
			in := valid()
			in.Channel = domain.Some(tracking.ChannelMobilePush)
			return in
		}, wantKey: "spring-launch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in()
			got := fieldCodes(t, validateCampaign(&in, tt.creating))
			if !equal(got, tt.want) {
				t.Fatalf("errors = %v, want %v", got, tt.want)
			}
			if tt.wantKey != "" && in.UTMCampaign.Value != tt.wantKey {
				t.Errorf("key = %q, want %q", in.UTMCampaign.Value, tt.wantKey)
			}
		})
	}
	for _, c := range tracking.Channels {
		if !validChannel(c) {
			t.Errorf("channel %q refused", c)
		}
	}
}

func TestCampaignDates(t *testing.T) {
	tests := []struct {
		name         string
		starts, ends *time.Time
		want         []string
	}{
		{name: "ends after it starts", starts: ptr(day("2026-03-01")), ends: ptr(day("2026-03-31"))},
		{name: "a one-day campaign", starts: ptr(day("2026-03-01")), ends: ptr(day("2026-03-01"))},
		{name: "open-ended", starts: ptr(day("2026-03-01"))},
		{name: "no start given", ends: ptr(day("2026-03-01"))},
		{name: "no dates"},
		{name: "ends the day before it starts", starts: ptr(day("2026-03-02")), ends: ptr(day("2026-03-01")), want: []string{"ends_on:before_start"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fieldCodes(t, checkDates(tt.starts, tt.ends)); !equal(got, tt.want) {
				t.Errorf("errors = %v, want %v", got, tt.want)
			}
		})
	}
}

// Dates are days: whatever time of day or zone a client sends, the day it
// names is kept as midnight UTC.
func TestDate(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 3, 1, 23, 30, 0, 0, berlin), "2026-03-01T00:00:00Z"},
		{time.Date(2026, 3, 1, 0, 0, 0, 1, time.UTC), "2026-03-01T00:00:00Z"},
	} {
		if got := Date(tc.in).Format(time.RFC3339Nano); got != tc.want {
			t.Errorf("Date(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
	if !Date(time.Time{}).IsZero() {
		t.Error("the zero time must stay zero (no date given)")
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
