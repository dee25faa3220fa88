package tracking

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// memSessions keeps visitors, sessions and touchpoints in memory. Identity
// calls are not expected for page and track events: the embedded nil
// interface makes one fail the test loudly.
type memSessions struct {
	IdentityStore
	visitors map[string]Visitor
	sessions []VisitSession
	touches  []TrackedTouch
	custom   map[string][]EventMapping // by workspace
	mapReads int
}

func (m *memSessions) CustomEventMappings(_ context.Context, ws string) ([]EventMapping, error) {
	m.mapReads++
	return m.custom[ws], nil
}

func (m *memSessions) Visitor(_ context.Context, _, anon string) (Visitor, error) {
	v, ok := m.visitors[anon]
	if !ok {
		return Visitor{}, domain.ErrNotFound
	}
	return v, nil
}

func (m *memSessions) ClaimVisitor(_ context.Context, ws, anon string, at time.Time) (Visitor, error) {
	if v, ok := m.visitors[anon]; ok {
		return v, nil
	}
	return Visitor{WorkspaceID: ws, AnonymousID: anon, FirstSeenAt: at, LastSeenAt: at}, nil
}

func (m *memSessions) SaveVisitor(_ context.Context, v *Visitor) error {
	m.visitors[v.AnonymousID] = *v
	return nil
}

func (m *memSessions) AddSession(_ context.Context, s *VisitSession) error {
	m.sessions = append(m.sessions, *s)
	return nil
}

func (m *memSessions) SessionHit(_ context.Context, _, id string, at time.Time) error {
	for i := range m.sessions {
		if m.sessions[i].ID == id {
			m.sessions[i].PageViews++
			m.sessions[i].LastAt = at
			return nil
		}
	}
	return domain.ErrNotFound
}

func (m *memSessions) Session(_ context.Context, _, id string) (VisitSession, error) {
	for _, s := range m.sessions {
		if s.ID == id {
			return s, nil
		}
	}
	return VisitSession{}, domain.ErrNotFound
}

func (m *memSessions) FirstSession(_ context.Context, _, anon string) (VisitSession, error) {
	for _, s := range m.sessions {
		if s.AnonymousID == anon {
			return s, nil
		}
	}
	return VisitSession{}, domain.ErrNotFound
}

func (m *memSessions) AddTouchpoint(_ context.Context, t *TrackedTouch) error {
	m.touches = append(m.touches, *t)
	return nil
}

func TestProcessorSessionsAndTouches(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	pageAt := func(min int, url string) Message {
		return Message{Type: TypePage, AnonymousID: "v", Timestamp: t0.Add(time.Duration(min) * time.Minute),
			Context: map[string]any{"page": map[string]any{"url": url}}}
	}
	trackAt := func(min int, event, url string) Message {
		m := pageAt(min, url)
		m.Type, m.Event = TypeTrack, event
		return m
	}
	tests := []struct {
		name     string
		msgs     []Message
		sessions []string // channel of each session
		touches  []string // type/channel of each touchpoint
	}{
		{"one visit is one session",
			[]Message{pageAt(0, "https://a.io/?utm_source=google&utm_medium=cpc"), pageAt(10, "https://a.io/b"), pageAt(39, "https://a.io/c")},
			[]string{"Paid Search"}, []string{"session/Paid Search"}},
		{"idle over 30 minutes opens a session",
			[]Message{pageAt(0, "https://a.io/"), pageAt(31, "https://a.io/")},
			[]string{"Direct", "Direct"}, []string{"session/Direct", "session/Direct"}},
		{"another campaign opens a session, an untagged page does not",
			[]Message{pageAt(0, "https://a.io/?utm_source=google&utm_medium=cpc"), pageAt(1, "https://a.io/x"), pageAt(2, "https://a.io/?utm_source=news&utm_medium=email")},
			[]string{"Paid Search", "Email"}, []string{"session/Paid Search", "session/Email"}},
		{"events arriving out of order are folded in time order",
			[]Message{pageAt(40, "https://a.io/"), pageAt(0, "https://a.io/?gclid=x")},
			[]string{"Paid Search", "Direct"}, []string{"session/Paid Search", "session/Direct"}},
		{"an untagged mapped track takes its session's channel",
			[]Message{pageAt(0, "https://a.io/?utm_source=google&utm_medium=cpc"), trackAt(1, "Form Submitted", "https://a.io/form")},
			[]string{"Paid Search"}, []string{"session/Paid Search", "form_submit/Paid Search"}},
		{"a tagged track keeps its own channel and opens no session",
			[]Message{pageAt(0, "https://a.io/"), trackAt(1, "Ad Clicked", "https://a.io/?utm_source=facebook&utm_medium=paid_social")},
			[]string{"Direct"}, []string{"session/Direct", "ad_click/Paid Social"}},
		{"an unmapped track records nothing",
			[]Message{trackAt(0, "Button Pressed", "https://a.io/")},
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &memSessions{visitors: map[string]Visitor{}}
			var evs []QueuedEvent
			for i, m := range tt.msgs {
				evs = append(evs, QueuedEvent{WorkspaceID: "ws", ID: fmt.Sprint("e", i), Message: m})
			}
			if err := NewProcessor(st).Process(context.Background(), evs); err != nil {
				t.Fatal(err)
			}
			var sessions, touches []string
			for _, s := range st.sessions {
				sessions = append(sessions, string(s.Channel))
			}
			for _, tp := range st.touches {
				touches = append(touches, string(tp.Type)+"/"+string(tp.Channel))
			}
			if fmt.Sprint(sessions) != fmt.Sprint(tt.sessions) || fmt.Sprint(touches) != fmt.Sprint(tt.touches) {
				t.Errorf("sessions %v, touches %v; want %v, %v", sessions, touches, tt.sessions, tt.touches)
			}
		})
	}
}

// Each workspace's events are mapped with its own map, read once per batch.
func TestProcessorUsesEachWorkspacesEventMap(t *testing.T) {
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	st := &memSessions{visitors: map[string]Visitor{}, custom: map[string][]EventMapping{
		"a": {{Event: "Demo Booked", Type: TouchMeeting, Custom: true}, {Event: "Ad Clicked", Type: TouchAdImpression, Custom: true}},
	}}
	var evs []QueuedEvent
	for i, e := range []struct{ ws, event string }{{"a", "Demo Booked"}, {"b", "Demo Booked"}, {"a", "ad clicked"}, {"b", "Ad Clicked"}, {"a", "Post Liked"}} {
		evs = append(evs, QueuedEvent{WorkspaceID: e.ws, ID: fmt.Sprint("e", i), Message: Message{Type: TypeTrack, AnonymousID: "v", Event: e.event, Timestamp: at.Add(time.Duration(i) * time.Second)}})
	}
	if err := NewProcessor(st).Process(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tp := range st.touches {
		got = append(got, tp.WorkspaceID+":"+string(tp.Type))
	}
	if want := "[a:meeting a:ad_impression b:ad_click a:social_like]"; fmt.Sprint(got) != want {
		t.Errorf("touches %v, want %s", got, want)
	}
	if st.mapReads != 2 {
		t.Errorf("read the event maps %d times, want once per workspace", st.mapReads)
	}
}
