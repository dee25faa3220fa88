package tracking

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 23, 40, 0, 0, time.UTC)

func at(min float64) time.Time { return t0.Add(time.Duration(min * float64(time.Minute))) }

func tagged(source, medium, campaign string) Touch {
	return Touch{Source: source, Medium: medium, Campaign: campaign}
}

func TestNextSession(t *testing.T) {
	ads := tagged("google", "cpc", "brand")
	mail := tagged("newsletter", "email", "march")
	tests := []struct {
		name  string
		hits  []Hit
		wants []SessionReason // per hit: the reason it opened a session, "" when it joined one
	}{
		{"the first hit opens a session", []Hit{{At: at(0)}}, []SessionReason{ReasonFirstHit}},
		{"30 minutes idle is still the same session", []Hit{{At: at(0)}, {At: at(30)}}, []SessionReason{ReasonFirstHit, ""}},
		{"just over 30 minutes idle opens a new one", []Hit{{At: at(0)}, {At: at(30.001)}}, []SessionReason{ReasonFirstHit, ReasonIdle}},
		{"idle time counts from the last hit, not the first", []Hit{{At: at(0)}, {At: at(25)}, {At: at(50)}, {At: at(75)}}, []SessionReason{ReasonFirstHit, "", "", ""}},
		{"midnight does not split a session", []Hit{{At: at(15)}, {At: at(25)}}, []SessionReason{ReasonFirstHit, ""}}, // 23:55 → 00:05
		{"an ad click in a direct visit opens a session", []Hit{{At: at(0)}, {At: at(5), Touch: ads}}, []SessionReason{ReasonFirstHit, ReasonNewCampaign}},
		{"another campaign opens a session", []Hit{{At: at(0), Touch: ads}, {At: at(5), Touch: mail}}, []SessionReason{ReasonFirstHit, ReasonNewCampaign}},
		{"the same campaign again joins the session", []Hit{{At: at(0), Touch: ads}, {At: at(5), Touch: ads}}, []SessionReason{ReasonFirstHit, ""}},
		{"the same campaign, differently cased, joins", []Hit{{At: at(0), Touch: ads}, {At: at(5), Touch: tagged("Google", "CPC", "Brand")}}, []SessionReason{ReasonFirstHit, ""}},
		{"untagged hits keep the campaign session", []Hit{{At: at(0), Touch: ads}, {At: at(5)}, {At: at(9), Touch: ads}}, []SessionReason{ReasonFirstHit, "", ""}},
		{"a referrer alone does not split", []Hit{{At: at(0)}, {At: at(5), Touch: Touch{Referrer: "www.google.com"}}}, []SessionReason{ReasonFirstHit, ""}},
		{"a new ad click (new gclid) is a new session", []Hit{{At: at(0), Touch: Touch{ClickIDs: ClickIDs{GCLID: "a"}}}, {At: at(5), Touch: Touch{ClickIDs: ClickIDs{GCLID: "b"}}}}, []SessionReason{ReasonFirstHit, ReasonNewCampaign}},
		{"reloading the landing page keeps its gclid session", []Hit{{At: at(0), Touch: Touch{ClickIDs: ClickIDs{GCLID: "a"}}}, {At: at(1), Touch: Touch{ClickIDs: ClickIDs{GCLID: "a"}}}}, []SessionReason{ReasonFirstHit, ""}},
		{"idle wins over campaign as the reason", []Hit{{At: at(0), Touch: ads}, {At: at(45), Touch: mail}}, []SessionReason{ReasonFirstHit, ReasonIdle}},
		{"a late hit joins the current session", []Hit{{At: at(0)}, {At: at(20)}, {At: at(10)}, {At: at(45)}}, []SessionReason{ReasonFirstHit, "", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s SessionState
			for i, h := range tt.hits {
				var d SessionDecision
				d, s = NextSession(s, h)
				if d.New != (tt.wants[i] != "") || d.Reason != tt.wants[i] {
					t.Errorf("hit %d: got %+v, want reason %q", i, d, tt.wants[i])
				}
			}
		})
	}
}

func TestNextSessionState(t *testing.T) {
	ads := tagged("google", "cpc", "brand")
	var s SessionState
	_, s = NextSession(s, Hit{At: at(0), Touch: ads})
	_, s = NextSession(s, Hit{At: at(10)})
	want := SessionState{Number: 1, StartedAt: at(0), LastAt: at(10), Campaign: ads.CampaignKey(), Hits: 2}
	if s != want {
		t.Errorf("after two hits: %+v, want %+v", s, want)
	}
	_, s = NextSession(s, Hit{At: at(50)})
	want = SessionState{Number: 2, StartedAt: at(50), LastAt: at(50), Campaign: "", Hits: 1}
	if s != want {
		t.Errorf("after the idle split: %+v, want %+v", s, want)
	}
}

// TestSessionProperties checks, on random ordered hit streams, that the
// incremental NextSession and the one-pass Sessionize agree, that every
// session has a hit, that no two consecutive hits of a session are more
// than SessionTimeout apart, and that every hit lands in exactly one session.
func TestSessionProperties(t *testing.T) {
	touches := []Touch{
		{}, {}, {}, // most hits are untagged
		{Referrer: "www.google.com"},
		tagged("google", "cpc", "brand"), tagged("newsletter", "email", "march"),
		{ClickIDs: ClickIDs{GCLID: "g1"}}, {ClickIDs: ClickIDs{FBCLID: "f1"}},
	}
	gaps := []time.Duration{0, time.Second, 5 * time.Minute, 29 * time.Minute, SessionTimeout, SessionTimeout + time.Nanosecond, 2 * time.Hour, 26 * time.Hour}
	for seed := range uint64(2000) {
		r := rand.New(rand.NewPCG(seed, 42))
		hits := make([]Hit, r.IntN(40))
		now := t0
		for i := range hits {
			now = now.Add(gaps[r.IntN(len(gaps))])
			hits[i] = Hit{At: now, Touch: touches[r.IntN(len(touches))], MessageID: fmt.Sprint(i)}
		}

		batch := Sessionize(hits)

		var incremental []Session
		var state SessionState
		for _, h := range hits {
			var d SessionDecision
			d, state = NextSession(state, h)
			if d.New {
				incremental = append(incremental, Session{Number: state.Number, Reason: d.Reason, StartedAt: h.At})
			}
			cur := &incremental[len(incremental)-1]
			cur.Hits, cur.EndedAt = append(cur.Hits, h), h.At
		}
		if !reflect.DeepEqual(incremental, batch) {
			t.Fatalf("seed %d: incremental and batch sessions differ:\n%v\n%v", seed, incremental, batch)
		}

		seen := 0
		for i, s := range batch {
			if len(s.Hits) == 0 {
				t.Fatalf("seed %d: session %d has no hits", seed, i)
			}
			if s.Number != i+1 || !s.StartedAt.Equal(s.Hits[0].At) || !s.EndedAt.Equal(s.Hits[len(s.Hits)-1].At) {
				t.Fatalf("seed %d: session %d bookkeeping is off: %+v", seed, i, s)
			}
			for j := 1; j < len(s.Hits); j++ {
				if gap := s.Hits[j].At.Sub(s.Hits[j-1].At); gap > SessionTimeout {
					t.Fatalf("seed %d: session %d holds hits %v apart", seed, i, gap)
				}
			}
			seen += len(s.Hits)
		}
		if seen != len(hits) {
			t.Fatalf("seed %d: %d hits in, %d in sessions", seed, len(hits), seen)
		}
	}
}

func TestSessionizeSortsACopy(t *testing.T) {
	hits := []Hit{{At: at(40), MessageID: "late"}, {At: at(0), MessageID: "early"}}
	got := Sessionize(hits)
	if len(got) != 2 || got[0].Hits[0].MessageID != "early" || got[1].Reason != ReasonIdle {
		t.Errorf("got %+v", got)
	}
	if hits[0].MessageID != "late" {
		t.Errorf("Sessionize reordered its input")
	}
	if Sessionize(nil) != nil {
		t.Errorf("no hits, no sessions")
	}
}

func TestVisitorKey(t *testing.T) {
	tests := []struct {
		anon, user, want string
	}{
		{"a1", "u1", "a1"}, // a browser's hits stay its visitor's after identify
		{"", "u1", "user:u1"},
		{"a1", "", "a1"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := (Message{AnonymousID: tt.anon, UserID: tt.user}).VisitorKey(); got != tt.want {
			t.Errorf("VisitorKey(%q, %q) = %q, want %q", tt.anon, tt.user, got, tt.want)
		}
	}
}
