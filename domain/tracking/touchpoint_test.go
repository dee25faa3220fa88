package tracking

import (
	"testing"
	"time"
)

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
		if !typ.Mappable() {
			t.Errorf("the default map uses type %q, which events may not record", typ)
		}
	}
	if TouchpointType("session ").Valid() {
		t.Errorf("Valid must be exact")
	}
	if TouchSession.Mappable() || TouchpointType("demo").Mappable() || !TouchMeeting.Mappable() {
		t.Errorf("Mappable must refuse sessions and unknown types only")
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
