package tracking

import (
	"fmt"
	"strings"
	"testing"
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
	m := NewEventMap([]EventMapping{
		{Event: "Demo Booked", Type: TouchMeeting},
		{Event: "ad clicked", Type: TouchAdImpression}, // a workspace may remap a default
		{Event: "Quote Opened", Type: TouchQuoteView},
		{Event: "Old Row", Type: "retired_type"}, // stored by another version: skipped
		{Event: "Visit", Type: TouchSession},
	})
	for event, want := range map[string]TouchpointType{"demo booked": TouchMeeting, "Ad Clicked": TouchAdImpression, "Quote_Opened": TouchQuoteView, "Post Liked": TouchSocialLike, "Old Row": "", "Visit": ""} {
		if got, _ := m.Lookup(event); got != want {
			t.Errorf("Lookup(%q) = %q, want %q", event, got, want)
		}
	}
	if got, _ := DefaultEventMap().Lookup("Ad Clicked"); got != TouchAdClick {
		t.Errorf("NewEventMap changed the defaults themselves")
	}
}

func TestCheckEventMappings(t *testing.T) {
	tests := []struct {
		name   string
		custom []EventMapping
		want   string
	}{
		{"good", []EventMapping{{Event: " Demo Booked ", Type: TouchMeeting}, {Event: "Ad Clicked", Type: TouchAdImpression}}, ""},
		{"none", nil, ""},
		{"unknown type", []EventMapping{{Event: "Demo Booked", Type: "demo"}}, "entries.0.type:unknown_touchpoint_type"},
		{"a session", []EventMapping{{Event: "Visit", Type: TouchSession}}, "entries.0.type:not_allowed"},
		{"blank name", []EventMapping{{Event: " _ ", Type: TouchCall}}, "entries.0.event:required"},
		{"NUL in a name", []EventMapping{{Event: "a\x00b", Type: TouchCall}}, "entries.0.event:nul_character"},
		{"too long a name", []EventMapping{{Event: strings.Repeat("é", 256), Type: TouchCall}}, "entries.0.event:too_long"},
		{"one event twice, spelled two ways", []EventMapping{{Event: "Demo Booked", Type: TouchMeeting}, {Event: "x", Type: TouchCall}, {Event: "demo_booked", Type: TouchCall}}, "entries.2.event:duplicate"},
		{"each bad entry named", []EventMapping{{Event: "", Type: "demo"}, {Event: "ok", Type: TouchChat}, {Event: "b", Type: ""}}, "entries.0.event:required,entries.0.type:unknown_touchpoint_type,entries.2.type:unknown_touchpoint_type"},
		{"too many", make([]EventMapping, MaxCustomEvents+1), "entries:too_many"},
	}
	for _, tt := range tests {
		got, err := CheckEventMappings(tt.custom)
		if c := codes(t, err); c != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, c, tt.want)
		}
		if err == nil {
			for _, e := range got {
				if !e.Custom || e.Event != strings.TrimSpace(e.Event) {
					t.Errorf("%s: checked mapping %+v is not trimmed and marked custom", tt.name, e)
				}
			}
		}
	}
}

// The effective map is what Lookup uses, listed: a custom entry replaces the
// default of the same event, and every other default stays.
func TestEffectiveEventMappings(t *testing.T) {
	custom := []EventMapping{{Event: "Demo Booked", Type: TouchMeeting, Custom: true}, {Event: "ad_clicked", Type: TouchAdImpression, Custom: true}}
	got := EffectiveEventMappings(custom)
	var lines []string
	for _, e := range got {
		lines = append(lines, fmt.Sprintf("%s=%s/%v", e.Event, e.Type, e.Custom))
	}
	want := "ad_clicked=ad_impression/true Ad Impression=ad_impression/false Article Read=article_read/false " +
		"Article Shared=article_share/false Demo Booked=meeting/true Email Clicked=email_click/false " +
		"Email Link Clicked=email_click/false Form Submitted=form_submit/false Post Liked=social_like/false " +
		"Post Shared=social_share/false Webinar Attended=webinar/false"
	if strings.Join(lines, " ") != want {
		t.Errorf("effective map\n got %s\nwant %s", strings.Join(lines, " "), want)
	}
	m := NewEventMap(custom)
	if len(m) != len(got) {
		t.Errorf("the map has %d events, its listing %d", len(m), len(got))
	}
	for _, e := range got {
		if typ, ok := m.Lookup(e.Event); !ok || typ != e.Type {
			t.Errorf("listed %s → %s, but Lookup gives %s", e.Event, e.Type, typ)
		}
	}
}
