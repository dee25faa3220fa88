package tracking

import (
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// TouchpointType is the kind of marketing or sales interaction a touchpoint
// records (DESIGN.md, "touchpoint").
type TouchpointType string

// The touchpoint types.
const (
	TouchSession      TouchpointType = "session" // a visit, with its channel
	TouchAdImpression TouchpointType = "ad_impression"
	TouchAdClick      TouchpointType = "ad_click"
	TouchSocialLike   TouchpointType = "social_like"
	TouchSocialShare  TouchpointType = "social_share"
	TouchArticleRead  TouchpointType = "article_read"
	TouchArticleShare TouchpointType = "article_share"
	TouchEmailClick   TouchpointType = "email_click"
	TouchWebinar      TouchpointType = "webinar"
	TouchFormSubmit   TouchpointType = "form_submit"
	TouchChat         TouchpointType = "chat"
	TouchCall         TouchpointType = "call"
	TouchMeeting      TouchpointType = "meeting"
	TouchQuoteView    TouchpointType = "quote_view"
)

// TouchpointTypes lists every type, for validation and for the UI's choices.
var TouchpointTypes = []TouchpointType{
	TouchSession, TouchAdImpression, TouchAdClick, TouchSocialLike, TouchSocialShare, TouchArticleRead,
	TouchArticleShare, TouchEmailClick, TouchWebinar, TouchFormSubmit, TouchChat, TouchCall, TouchMeeting,
	TouchQuoteView,
}

// Valid reports whether t is a known touchpoint type.
func (t TouchpointType) Valid() bool {
	for _, x := range TouchpointTypes {
		if t == x {
			return true
		}
	}
	return false
}

// EventMap maps named track events to the touchpoint they record. Keys are
// normalised event names (see NormalizeEventName); build one with
// DefaultEventMap or NewEventMap rather than by hand.
type EventMap map[string]TouchpointType

// DefaultEventMap is the mapping every workspace starts with. The names follow
// the Segment Spec's "Object Actioned" style; "Email Link Clicked" is the
// Segment Email Spec's own event, so email tools that send it need no setup.
// Sessions, chats, calls, meetings and quote views are not here: OneFunnel
// records those itself, and mapping an event to them too would count each
// twice.
func DefaultEventMap() EventMap {
	return EventMap{
		NormalizeEventName("Ad Impression"):      TouchAdImpression,
		NormalizeEventName("Ad Clicked"):         TouchAdClick,
		NormalizeEventName("Post Liked"):         TouchSocialLike,
		NormalizeEventName("Post Shared"):        TouchSocialShare,
		NormalizeEventName("Article Read"):       TouchArticleRead,
		NormalizeEventName("Article Shared"):     TouchArticleShare,
		NormalizeEventName("Email Clicked"):      TouchEmailClick,
		NormalizeEventName("Email Link Clicked"): TouchEmailClick,
		NormalizeEventName("Webinar Attended"):   TouchWebinar,
		NormalizeEventName("Form Submitted"):     TouchFormSubmit,
	}
}

// NewEventMap is the defaults overlaid with a workspace's own mappings
// (event name → type). It refuses unknown types and names that are not
// storable text, so a bad setting fails when saved, not when events arrive.
func NewEventMap(custom map[string]TouchpointType) (EventMap, error) {
	m := DefaultEventMap()
	v := &domain.ValidationError{}
	for name, typ := range custom {
		field := "event_map." + name
		key := NormalizeEventName(name)
		if key == "" {
			v.Add(field, "required", "an event name must not be empty")
			continue
		}
		domain.CheckText(v, field, name, domain.MaxNameLen)
		if !typ.Valid() {
			v.Add(field, "unknown_touchpoint_type", "unknown touchpoint type %q", typ)
			continue
		}
		m[key] = typ
	}
	return m, v.Err()
}

// Lookup returns the touchpoint a track event records, if any. Matching
// ignores case, surrounding space, and the separators people swap: "Ad
// Clicked", "ad clicked", "ad_clicked" and "Ad-Clicked" are one event.
func (m EventMap) Lookup(event string) (TouchpointType, bool) {
	t, ok := m[NormalizeEventName(event)]
	return t, ok
}

// NormalizeEventName is the key under which an event name is mapped:
// lower-case, with runs of spaces, underscores and hyphens made one space.
func NormalizeEventName(name string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return r == '_' || r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}), " ")
}

// FirstTouch is how a contact or prospect first arrived. It is written once,
// from the visitor's first session, and never changed (DESIGN.md: a
// prospect keeps its first touch immutable), so reports can credit the
// channel that started the journey.
type FirstTouch struct {
	Channel     string
	Source      string
	Medium      string
	Campaign    string
	LandingPage string
	DeviceType  Device
	OccurredAt  time.Time
}

// NewFirstTouch records a session's opening hit as a first touch.
func NewFirstTouch(h Hit) FirstTouch {
	source, medium := h.Touch.SourceMedium()
	return FirstTouch{
		Channel:     string(Classify(h.Touch)),
		Source:      source,
		Medium:      medium,
		Campaign:    h.Touch.Campaign,
		LandingPage: h.Page,
		OccurredAt:  h.At,
	}
}
