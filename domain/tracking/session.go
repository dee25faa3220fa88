package tracking

import (
	"slices"
	"time"
)

// SessionTimeout is how long a visitor may be idle before the next hit opens
// a new session: GA4's default, and what every analytics tool reports as a
// session.
const SessionTimeout = 30 * time.Minute

// UserVisitorPrefix starts the visitor key of a user whose hits come without
// an anonymousId (server-side libraries send only userId): such hits are
// sessionised as the visitor "user:" + userId. A client could send that as
// an anonymousId too; it would only add hits to the user it names, which a
// write key (public) can do with the userId itself.
const UserVisitorPrefix = "user:"

// VisitorKey is the visitor a message's hits are sessionised under: its
// anonymousId, else UserVisitorPrefix + userId, else "" (no visitor).
func (m Message) VisitorKey() string {
	switch {
	case m.AnonymousID != "":
		return m.AnonymousID
	}
	return userVisitor(m.UserID)
}

// Hit is one event of a visitor as sessionisation sees it.
type Hit struct {
	At        time.Time // Message.Timestamp
	Touch     Touch     // how the visitor arrived, for hits that carry it
	Page      string    // page URL or screen name, for the session's landing page
	MessageID string
}

// SessionState is what a stream processor keeps per visitor between hits.
// The zero value is a visitor not seen yet.
type SessionState struct {
	Number    int       // 1-based index of the visitor's current session; 0 before the first hit
	StartedAt time.Time // the current session's first hit
	LastAt    time.Time // the latest hit so far
	Campaign  string    // CampaignKey of the current session, "" when it is untagged
	Hits      int       // hits in the current session
}

// SessionReason says why a session started.
type SessionReason string

// The reasons a hit opens a session.
const (
	ReasonFirstHit    SessionReason = "first_hit"    // the visitor's first hit
	ReasonIdle        SessionReason = "idle"         // more than SessionTimeout since the last hit
	ReasonNewCampaign SessionReason = "new_campaign" // a tagged hit from another campaign
)

// SessionDecision is NextSession's answer for one hit.
type SessionDecision struct {
	New    bool          // the hit opens a session (state.Number was incremented)
	Reason SessionReason // why, when New
}

// NextSession folds one hit into a visitor's state. Feed a visitor's hits in
// time order; the decision says whether this hit starts a new session.
//
// A hit opens a session when it is the visitor's first, when the visitor was
// idle for more than SessionTimeout, or when it carries UTM tags or a click
// id (a CampaignKey) different from the current session's. The campaign rule
// is Universal Analytics' (GA4 dropped it) and DESIGN.md's: each session is
// one touchpoint that earns attribution credit, so an ad click in the middle
// of a visit must be its own touch. Untagged hits never split a session, and
// sessions do not split at midnight (GA4 does not either).
//
// A hit older than state.LastAt (a late, out-of-order event) joins the
// current session; LastAt never moves backwards.
func NextSession(state SessionState, h Hit) (SessionDecision, SessionState) {
	key := h.Touch.CampaignKey()
	var reason SessionReason
	switch {
	case state.Number == 0:
		reason = ReasonFirstHit
	case h.At.Sub(state.LastAt) > SessionTimeout:
		reason = ReasonIdle
	case key != "" && key != state.Campaign:
		reason = ReasonNewCampaign
	}
	if reason == "" {
		state.Hits++
		if h.At.After(state.LastAt) {
			state.LastAt = h.At
		}
		return SessionDecision{}, state
	}
	return SessionDecision{New: true, Reason: reason}, SessionState{
		Number: state.Number + 1, StartedAt: h.At, LastAt: h.At, Campaign: key, Hits: 1,
	}
}

// Session is one run of a visitor's hits.
type Session struct {
	Number    int
	Reason    SessionReason
	StartedAt time.Time
	EndedAt   time.Time // the last hit
	Hits      []Hit
}

// Sessionize splits one visitor's hits into sessions in one pass, for tests,
// backfills and reports over stored events. It sorts a copy of hits by time
// (stable, so equal times keep their order) and cuts before every hit that
// is idle past SessionTimeout after the previous one, or tagged with a
// campaign other than the current session's; it must agree with feeding the
// same hits through NextSession.
func Sessionize(hits []Hit) []Session {
	sorted := slices.Clone(hits)
	slices.SortStableFunc(sorted, func(a, b Hit) int { return a.At.Compare(b.At) })
	var out []Session
	campaign := ""
	for i, h := range sorted {
		key := h.Touch.CampaignKey()
		var reason SessionReason
		switch {
		case i == 0:
			reason = ReasonFirstHit
		case h.At.Sub(sorted[i-1].At) > SessionTimeout:
			reason = ReasonIdle
		case key != "" && key != campaign:
			reason = ReasonNewCampaign
		}
		if reason != "" {
			out = append(out, Session{Number: len(out) + 1, Reason: reason, StartedAt: h.At})
			campaign = key
		}
		s := &out[len(out)-1]
		s.Hits, s.EndedAt = append(s.Hits, h), h.At
	}
	return out
}
