package tracking

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// QueuedEvent is one stored event handed to the processor with its message.
type QueuedEvent struct {
	WorkspaceID string
	ID          string
	Message     Message
}

// Visitor is one anonymousId and the session state NextSession folds.
type Visitor struct {
	WorkspaceID string
	AnonymousID string
	ContactID   *string
	AccountID   *string // the contact's account, read with the visitor
	FirstSeenAt time.Time
	LastSeenAt  time.Time
	Session     SessionState
	SessionID   *string
}

// VisitSession is one stored session of a visitor.
type VisitSession struct {
	WorkspaceID string
	ID          string
	AnonymousID string
	ContactID   *string
	Number      int
	StartedAt   time.Time
	LastAt      time.Time
	Channel     Channel
	Source      string
	Medium      string
	Campaign    string
	Content     string
	Term        string
	LandingPage string
	Referrer    string
	DeviceType  Device
	PageViews   int
}

// TrackedTouch is a touchpoint the processor records. The store links it to
// the campaign whose key is Campaign.
type TrackedTouch struct {
	WorkspaceID string
	ID          string
	Type        TouchpointType
	Channel     Channel
	Source      string
	Medium      string
	Campaign    string
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
	DeviceType  Device
}

// SessionStore keeps visitors, sessions and tracked touchpoints.
type SessionStore interface {
	// Visitor loads a visitor; domain.ErrNotFound for one not seen yet.
	Visitor(ctx context.Context, workspaceID, anonymousID string) (Visitor, error)
	// ClaimVisitor loads the visitor, first seen at when new (Session.Number
	// 0), and holds it until the transaction ends, so two workers fold one
	// visitor's hits one after the other, a new visitor's included.
	ClaimVisitor(ctx context.Context, workspaceID, anonymousID string, at time.Time) (Visitor, error)
	SaveVisitor(ctx context.Context, v *Visitor) error
	AddSession(ctx context.Context, s *VisitSession) error
	// SessionHit counts a page view and moves last_at forward.
	SessionHit(ctx context.Context, workspaceID, sessionID string, at time.Time) error
	Session(ctx context.Context, workspaceID, id string) (VisitSession, error)
	// FirstSession is the visitor's earliest session.
	FirstSession(ctx context.Context, workspaceID, anonymousID string) (VisitSession, error)
	AddTouchpoint(ctx context.Context, t *TrackedTouch) error
}

// ProcessorStore is everything the processor reads and writes, inside the
// transaction that claimed the events.
type ProcessorStore interface {
	SessionStore
	IdentityStore
	// CustomEventMappings is the workspace's own event map (EventMapStore's).
	CustomEventMappings(ctx context.Context, workspaceID string) ([]EventMapping, error)
}

// Processor turns stored events into sessions, touchpoints and contacts.
// Make one per batch: it keeps each workspace's event map for the batch,
// so a changed map applies from the next batch on.
type Processor struct {
	st   ProcessorStore
	maps map[string]EventMap
}

// NewProcessor returns a processor for one batch.
func NewProcessor(st ProcessorStore) *Processor {
	return &Processor{st: st, maps: map[string]EventMap{}}
}

// eventMap is the workspace's event map, read once per batch.
func (p *Processor) eventMap(ctx context.Context, ws string) (EventMap, error) {
	if m, ok := p.maps[ws]; ok {
		return m, nil
	}
	custom, err := p.st.CustomEventMappings(ctx, ws)
	if err != nil {
		return nil, err
	}
	m := NewEventMap(custom)
	p.maps[ws] = m
	return m, nil
}

// Process applies the events in time order (ties by event id, which is how
// they were claimed). Every event is applied once: the caller deletes them
// from the queue in the same transaction.
func (p *Processor) Process(ctx context.Context, evs []QueuedEvent) error {
	evs = slices.Clone(evs)
	slices.SortFunc(evs, func(a, b QueuedEvent) int {
		return cmp.Or(a.Message.Timestamp.Compare(b.Message.Timestamp), cmp.Compare(a.ID, b.ID))
	})
	for _, ev := range evs {
		var err error
		switch ev.Message.Type {
		case TypePage, TypeScreen:
			err = p.hit(ctx, ev)
		case TypeTrack:
			err = p.track(ctx, ev)
		case TypeIdentify:
			err = p.identify(ctx, ev)
		case TypeGroup:
			err = p.group(ctx, ev)
		case TypeAlias:
			err = p.alias(ctx, ev)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// hit folds a page or screen view into its visitor's sessions. A hit that
// opens a session records the session and its touchpoint.
func (p *Processor) hit(ctx context.Context, ev QueuedEvent) error {
	m := ev.Message
	key := m.VisitorKey()
	if key == "" {
		return nil
	}
	v, err := p.st.ClaimVisitor(ctx, ev.WorkspaceID, key, m.Timestamp)
	if err != nil {
		return err
	}
	if v.ContactID == nil && m.AnonymousID == "" {
		if err := p.linkUserVisitor(ctx, &v, m.UserID); err != nil {
			return err
		}
	}
	h := m.Hit()
	decision, state := NextSession(v.Session, h)
	v.Session = state
	if m.Timestamp.After(v.LastSeenAt) {
		v.LastSeenAt = m.Timestamp
	}
	if !decision.New {
		if err := p.st.SaveVisitor(ctx, &v); err != nil {
			return err
		}
		if v.SessionID == nil {
			return nil
		}
		return p.st.SessionHit(ctx, ev.WorkspaceID, *v.SessionID, m.Timestamp)
	}
	s := newVisitSession(ev, v, h)
	v.SessionID = &s.ID
	if err := p.st.SaveVisitor(ctx, &v); err != nil {
		return err
	}
	if err := p.st.AddSession(ctx, &s); err != nil {
		return err
	}
	t := TrackedTouch{
		WorkspaceID: ev.WorkspaceID, ID: domain.NewID(), Type: TouchSession, Channel: s.Channel,
		Source: s.Source, Medium: s.Medium, Campaign: s.Campaign, Content: s.Content, Term: s.Term,
		OccurredAt: s.StartedAt, ContactID: v.ContactID, AccountID: v.AccountID, AnonymousID: v.AnonymousID,
		SessionID: &s.ID, EventID: &ev.ID, LandingPage: s.LandingPage, Referrer: s.Referrer, DeviceType: s.DeviceType,
	}
	return p.st.AddTouchpoint(ctx, &t)
}

// linkUserVisitor links a user's server-side visitor to the contact the
// userId names, when there is one, so its sessions are the contact's from
// the first.
func (p *Processor) linkUserVisitor(ctx context.Context, v *Visitor, userID string) error {
	c, err := p.st.ContactByExternalID(ctx, v.WorkspaceID, userID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	v.ContactID, v.AccountID = &c.ID, c.AccountID
	return p.st.LinkVisitor(ctx, v.WorkspaceID, v.AnonymousID, c.ID, c.AccountID)
}

func newVisitSession(ev QueuedEvent, v Visitor, h Hit) VisitSession {
	source, medium := h.Touch.SourceMedium()
	return VisitSession{
		WorkspaceID: ev.WorkspaceID, ID: domain.NewID(), AnonymousID: v.AnonymousID, ContactID: v.ContactID,
		Number: v.Session.Number, StartedAt: h.At, LastAt: h.At, Channel: Classify(h.Touch),
		Source: source, Medium: medium, Campaign: lower(h.Touch.Campaign), Content: h.Touch.Content, Term: h.Touch.Term,
		LandingPage: h.Page, Referrer: h.Touch.Referrer, DeviceType: ev.Message.Device(), PageViews: 1,
	}
}

// track records the touchpoint a mapped track event stands for. Its channel
// is the event's own when it carries UTM tags or a click id, else the
// current session's.
func (p *Processor) track(ctx context.Context, ev QueuedEvent) error {
	m := ev.Message
	events, err := p.eventMap(ctx, ev.WorkspaceID)
	if err != nil {
		return err
	}
	typ, ok := events.Lookup(m.Event)
	if !ok {
		return nil
	}
	touch := m.Touch()
	source, medium := touch.SourceMedium()
	t := TrackedTouch{
		WorkspaceID: ev.WorkspaceID, ID: domain.NewID(), Type: typ, Channel: Classify(touch),
		Source: source, Medium: medium, Campaign: lower(touch.Campaign), Content: touch.Content, Term: touch.Term,
		OccurredAt: m.Timestamp, AnonymousID: m.VisitorKey(), EventID: &ev.ID, LandingPage: m.PageURL(),
		Referrer: touch.Referrer, DeviceType: m.Device(),
	}
	if t.AnonymousID != "" {
		v, err := p.st.Visitor(ctx, ev.WorkspaceID, t.AnonymousID)
		switch {
		case err == nil:
			t.ContactID, t.AccountID, t.SessionID = v.ContactID, v.AccountID, v.SessionID
			if v.SessionID != nil && touch.CampaignKey() == "" {
				s, err := p.st.Session(ctx, ev.WorkspaceID, *v.SessionID)
				if err != nil {
					return err
				}
				t.Channel, t.Source, t.Medium, t.Campaign = s.Channel, s.Source, s.Medium, s.Campaign
			}
		case !errors.Is(err, domain.ErrNotFound):
			return err
		}
	}
	if t.ContactID == nil && m.UserID != "" {
		c, err := p.st.ContactByExternalID(ctx, ev.WorkspaceID, m.UserID)
		switch {
		case err == nil:
			t.ContactID, t.AccountID = &c.ID, c.AccountID
		case !errors.Is(err, domain.ErrNotFound):
			return err
		}
	}
	return p.st.AddTouchpoint(ctx, &t)
}

// firstTouchOf is a session as a first touch.
func firstTouchOf(s VisitSession) FirstTouch {
	return FirstTouch{
		Channel: string(s.Channel), Source: s.Source, Medium: s.Medium, Campaign: s.Campaign,
		LandingPage: s.LandingPage, DeviceType: s.DeviceType, OccurredAt: s.StartedAt,
	}
}
