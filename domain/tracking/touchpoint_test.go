package tracking

import (
	"testing"
	"time"
)

func TestDefaultEventMapLookup(t *testing.T) {
	m := DefaultEventMap()
	tests := []struct {
		event  string
		want   TouchpointType
		wantOK bool
	}{
		{"Ad Impression", TouchAdImpression, true},
		{"Ad Clicked", TouchAdClick, true},
		{"Post Liked", TouchSocialLike, true},
		{"Post Shared", TouchSocialShare, true},
		{"Article Read", TouchArticleRead, true},
		{"Article Shared", TouchArticleShare, true},
		{"Email Clicked", TouchEmailClick, true},
		{"Email Link Clicked", TouchEmailClick, true},
		{"Webinar Attended", TouchWebinar, true},
		{"Form Submitted", TouchFormSubmit, true},
		{"ad clicked", TouchAdClick, true},
		{"AD CLICKED", TouchAdClick, true},
		{"  Ad   Clicked ", TouchAdClick, true},
		{"ad_clicked", TouchAdClick, true},
		{"Ad-Clicked", TouchAdClick, true},
		{"AdClicked", "", false},
		{"Order Completed", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := m.Lookup(tt.event)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.event, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestNewEventMap(t *testing.T) {
	m, err := NewEventMap(map[string]TouchpointType{
		"Demo Booked":  TouchMeeting,
		"ad clicked":   TouchAdImpression, // a workspace may remap a default
		"Quote Opened": TouchQuoteView,
	})
	if err != nil {
		t.Fatal(err)
	}
	for event, want := range map[string]TouchpointType{"demo booked": TouchMeeting, "Ad Clicked": TouchAdImpression, "Quote_Opened": TouchQuoteView, "Post Liked": TouchSocialLike} {
		if got, _ := m.Lookup(event); got != want {
			t.Errorf("Lookup(%q) = %q, want %q", event, got, want)
		}
	}
	if got, _ := DefaultEventMap().Lookup("Ad Clicked"); got != TouchAdClick {
		t.Errorf("NewEventMap changed the defaults themselves")
	}

	bad := []struct {
		name   string
		custom map[string]TouchpointType
		want   string
	}{
		{"unknown type", map[string]TouchpointType{"Demo Booked": "demo"}, "event_map.Demo Booked:unknown_touchpoint_type"},
		{"blank name", map[string]TouchpointType{" _ ": TouchCall}, "event_map. _ :required"},
		{"NUL in a name", map[string]TouchpointType{"a\x00b": TouchCall}, "event_map.a\x00b:nul_character"},
	}
	for _, tt := range bad {
		_, err := NewEventMap(tt.custom)
		if got := codes(t, err); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTouchpointTypesAreValid(t *testing.T) {
	if len(TouchpointTypes) != 14 {
		t.Errorf("%d touchpoint types, want 14", len(TouchpointTypes))
	}
	for _, typ := range TouchpointTypes {
		if !typ.Valid() {
			t.Errorf("%q is listed but not valid", typ)
		}
	}
	for _, typ := range DefaultEventMap() {
		if !typ.Valid() {
			t.Errorf("the default map uses unknown type %q", typ)
		}
	}
	if TouchpointType("session ").Valid() {
		t.Errorf("Valid must be exact")
	}
}

func TestNewFirstTouch(t *testing.T) {
	when := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	page := "https://www.acme.test/pricing?utm_source=linkedin&utm_medium=paid_social&utm_campaign=q1-launch"
	got := NewFirstTouch(Hit{At: when, Page: page, Touch: TouchFromURL(page, "https://www.linkedin.com/")})
	want := FirstTouch{Channel: "Paid Social", Source: "linkedin", Medium: "paid_social", Campaign: "q1-launch", LandingPage: page, OccurredAt: when}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}
