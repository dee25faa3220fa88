package crm

import (
	"errors"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

func TestMoveFollowsThePhase(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Hour)
	lead := Stage{ID: "s-lead", Phase: PhaseLead}
	won := Stage{ID: "s-won", Phase: PhaseWon}
	lost := Stage{ID: "s-lost", Phase: PhaseLost}
	customer := Stage{ID: "s-cust", Phase: PhaseCustomer}
	churned := Stage{ID: "s-churn", Phase: PhaseChurned}
	closedAt := t0.Add(-time.Hour)

	tests := []struct {
		name        string
		from        Prospect
		to          Stage
		reason      string
		wantStatus  Status
		wantClosed  *time.Time
		wantReason  string
		wantErrCode string
	}{
		{name: "open to won closes it now", from: Prospect{StageID: lead.ID, Status: StatusOpen}, to: won, wantStatus: StatusWon, wantClosed: &t1},
		{name: "open to lost keeps the reason", from: Prospect{StageID: lead.ID, Status: StatusOpen}, to: lost, reason: "budget", wantStatus: StatusLost, wantClosed: &t1, wantReason: "budget"},
		{name: "lost back to lead reopens and forgets the reason", from: Prospect{StageID: lost.ID, Status: StatusLost, ClosedAt: &closedAt, LostReason: ptrTo("budget")}, to: lead, wantStatus: StatusOpen},
		{name: "won to customer keeps the original close date", from: Prospect{StageID: won.ID, Status: StatusWon, ClosedAt: &closedAt}, to: customer, wantStatus: StatusWon, wantClosed: &closedAt},
		{name: "customer to churned is still a won deal", from: Prospect{StageID: customer.ID, Status: StatusWon, ClosedAt: &closedAt}, to: churned, wantStatus: StatusWon, wantClosed: &closedAt},
		{name: "the same stage is refused", from: Prospect{StageID: lead.ID, Status: StatusOpen}, to: lead, wantErrCode: "same_stage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.from
			p.WorkspaceID, p.ID = "ws", "p1"
			sc, err := Move(&p, tt.to, Actor{Kind: ActorMember, ID: "m1"}, t1, tt.reason)
			if tt.wantErrCode != "" {
				var ve *domain.ValidationError
				if !errors.As(err, &ve) || ve.Fields[0].Code != tt.wantErrCode {
					t.Fatalf("err = %v, want %s", err, tt.wantErrCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Status != tt.wantStatus || p.StageID != tt.to.ID || !p.StageEnteredAt.Equal(t1) {
				t.Errorf("prospect = %+v", p)
			}
			if (p.ClosedAt == nil) != (tt.wantClosed == nil) || (p.ClosedAt != nil && !p.ClosedAt.Equal(*tt.wantClosed)) {
				t.Errorf("closed_at = %v, want %v", p.ClosedAt, tt.wantClosed)
			}
			if got := deref(p.LostReason); got != tt.wantReason {
				t.Errorf("lost_reason = %q, want %q", got, tt.wantReason)
			}
			if *sc.FromStageID != tt.from.StageID || sc.ToStageID != tt.to.ID || sc.ProspectID != "p1" || *sc.ChangedByID != "m1" || !sc.ChangedAt.Equal(t1) {
				t.Errorf("stage change = %+v", sc)
			}
		})
	}
}

func TestPhaseStatus(t *testing.T) {
	want := map[Phase]Status{
		PhaseLead: StatusOpen, PhaseQualified: StatusOpen, PhaseOpportunity: StatusOpen,
		PhaseWon: StatusWon, PhaseCustomer: StatusWon, PhaseChurned: StatusWon, PhaseLost: StatusLost,
	}
	for p, s := range want {
		if !p.Valid() || p.Status() != s {
			t.Errorf("%s: valid=%v status=%s, want %s", p, p.Valid(), p.Status(), s)
		}
	}
	if Phase("closed").Valid() {
		t.Error("unknown phase accepted")
	}
}

func TestReorder(t *testing.T) {
	mk := func(ids ...string) []Stage {
		out := make([]Stage, len(ids))
		for i, id := range ids {
			out[i] = Stage{ID: id, Position: i}
		}
		return out
	}
	order := func(ss []Stage) string {
		s := ""
		for i, st := range ss {
			if st.Position != i {
				t.Fatalf("position %d holds %d", i, st.Position)
			}
			s += st.ID
		}
		return s
	}
	tests := []struct {
		id   string
		pos  int
		want string
	}{
		{"a", 2, "bca"}, {"c", 0, "cab"}, {"b", 1, "abc"}, {"a", 99, "bca"}, {"c", -5, "cab"}, {"x", 0, "abc"},
	}
	for _, tt := range tests {
		if got := order(Reorder(mk("a", "b", "c"), tt.id, tt.pos)); got != tt.want {
			t.Errorf("move %s to %d: %s, want %s", tt.id, tt.pos, got, tt.want)
		}
	}
}

func TestDefaultStagesCoverEveryPhase(t *testing.T) {
	seen := map[Phase]bool{}
	for i, s := range DefaultStages() {
		if s.Position != i || s.Name == "" || !s.Phase.Valid() {
			t.Errorf("stage %d = %+v", i, s)
		}
		seen[s.Phase] = true
	}
	if len(seen) != 7 {
		t.Errorf("default pipeline covers %d phases, want 7", len(seen))
	}
}

func ptrTo(s string) *string { return &s }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Milestones hold the stages entered, sorted and once each, and the first
// entries into an opportunity-or-later and a won-or-later phase, whatever
// order the entries are recorded in.
func TestMilestonesEnter(t *testing.T) {
	lead := Stage{ID: "c-lead", Phase: PhaseLead}
	disc := Stage{ID: "a-disc", Phase: PhaseOpportunity}
	won := Stage{ID: "b-won", Phase: PhaseWon}
	cust := Stage{ID: "d-cust", Phase: PhaseCustomer}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(days int) time.Time { return t0.AddDate(0, 0, days) }
	entries := []struct {
		st  Stage
		day int
	}{{lead, 0}, {disc, 10}, {lead, 12}, {won, 30}, {cust, 40}, {disc, 5}, {cust, 20}}
	var m Milestones
	for _, e := range entries {
		m.Enter(e.st, at(e.day))
	}
	if m.EnteredStages != "a-disc,b-won,c-lead,d-cust" {
		t.Errorf("entered %q", m.EnteredStages)
	}
	if m.OpportunityAt == nil || !m.OpportunityAt.Equal(at(5)) {
		t.Errorf("opportunity at %v, want day 5", m.OpportunityAt)
	}
	if m.WonAt == nil || !m.WonAt.Equal(at(20)) {
		t.Errorf("won at %v, want day 20 (the customer stage is won-or-later)", m.WonAt)
	}
	var open Milestones
	open.Enter(lead, t0)
	if open.EnteredStages != "c-lead" || open.OpportunityAt != nil || open.WonAt != nil {
		t.Errorf("a lead only: %+v", open)
	}
}
