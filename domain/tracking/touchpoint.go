package tracking

import "time"

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

// Mappable reports whether a named track event may record a touchpoint of
// type t: any known type but a session, which only page views open.
func (t TouchpointType) Mappable() bool {
	return t.Valid() && t != TouchSession
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
