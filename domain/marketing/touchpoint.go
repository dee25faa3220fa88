package marketing

import (
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Touchpoint is one interaction that can earn attribution credit: a session
// from tracking, or an offline touch (a webinar, a call, a trade-show scan)
// recorded or imported over the API. It is immutable once written; a wrong
// one is deleted.
type Touchpoint struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Type        tracking.TouchpointType
	Channel     tracking.Channel
	Source      string // utm_source, lower-cased
	Medium      string // utm_medium, lower-cased
	Campaign    string // the utm_campaign key (see CampaignKey)
	CampaignID  *string
	Content     string
	Term        string
	OccurredAt  time.Time
	ContactID   *string
	AccountID   *string
	AnonymousID string
	SessionID   *string
	EventID     *string
	LandingPage string
	Referrer    string
	DeviceType  tracking.Device
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

// TouchpointInput is what a client may set on a touchpoint it records. The
// visitor, session, event, page and device come only from tracking.
type TouchpointInput struct {
	ContactID  domain.Optional[string]
	AccountID  domain.Optional[string]
	Type       tracking.TouchpointType
	Channel    domain.Optional[tracking.Channel] // derived from source, medium and campaign when not sent
	Source     string
	Medium     string
	Campaign   string
	Content    string
	Term       string
	OccurredAt domain.Optional[time.Time] // default now
}

// TouchpointFilter narrows a list of touchpoints. From and To bound
// occurred_at as [From, To).
type TouchpointFilter struct {
	domain.ListQuery
	ContactID  string
	AccountID  string
	CampaignID string
	Type       tracking.TouchpointType
	Channel    tracking.Channel
	From       *time.Time
	To         *time.Time
}

// MaxFutureSkew is how far ahead of our clock a touchpoint may be dated.
const MaxFutureSkew = domain.MaxFutureSkew

// NewTouchpoint checks a client's touchpoint and builds it, without the
// references that need the database (the contact's account, the campaign):
// the source, medium and campaign key are trimmed and lower-cased as GA4
// compares them, and a missing channel is derived from them by GA4's rules.
func NewTouchpoint(workspaceID string, in TouchpointInput, now time.Time) (Touchpoint, error) {
	v := &domain.ValidationError{}
	if !in.Type.Valid() {
		v.Add("type", "invalid", "unknown touchpoint type %q", in.Type)
	}
	hasContact, hasAccount := in.ContactID.Set && !in.ContactID.Null, in.AccountID.Set && !in.AccountID.Null
	if !hasContact && !hasAccount {
		v.Add("contact_id", "required", "name the contact or the account (or both) the touch belongs to")
	}
	checkRef(v, "contact_id", in.ContactID)
	checkRef(v, "account_id", in.AccountID)
	if in.Channel.Set && !validChannel(in.Channel.Value) {
		v.Add("channel", "invalid_channel", "must be a GA4 default channel such as %q", tracking.ChannelPaidSearch)
	}
	t := Touchpoint{
		WorkspaceID: workspaceID, ID: domain.NewID(), Type: in.Type,
		Source: lowerTrim(in.Source), Medium: lowerTrim(in.Medium), Campaign: CampaignKey(in.Campaign),
		Content: strings.TrimSpace(in.Content), Term: strings.TrimSpace(in.Term),
		ContactID: in.ContactID.Ptr(), AccountID: in.AccountID.Ptr(), OccurredAt: now, CreatedAt: now,
	}
	for _, f := range []struct{ name, value string }{
		{"source", t.Source}, {"medium", t.Medium}, {"campaign", t.Campaign}, {"content", t.Content}, {"term", t.Term},
	} {
		domain.CheckText(v, f.name, f.value, domain.MaxNameLen)
	}
	if in.OccurredAt.Set && !in.OccurredAt.Null {
		t.OccurredAt = in.OccurredAt.Value.UTC().Truncate(time.Microsecond)
		if t.OccurredAt.After(now.Add(MaxFutureSkew)) {
			v.Add("occurred_at", "in_future", "must not be later than now (a clock up to %s fast is forgiven)", MaxFutureSkew)
		}
	}
	t.Channel = in.Channel.Value
	if !in.Channel.Set {
		t.Channel = tracking.ChannelOf(t.Source, t.Medium, t.Campaign)
	}
	return t, v.Err()
}

// checkRef validates an optional reference id's syntax; whether it exists in
// the workspace is the service's question.
func checkRef(v *domain.ValidationError, field string, o domain.Optional[string]) {
	if o.Set && !o.Null && !domain.ValidID(o.Value) {
		v.Add(field, "invalid_id", "must be a UUID")
	}
}
