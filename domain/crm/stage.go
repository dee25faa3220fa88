package crm

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// Phase is the fixed meaning of a stage; analytics reads phases, teams name stages.
type Phase string

const (
	PhaseLead        Phase = "lead"
	PhaseQualified   Phase = "qualified"
	PhaseOpportunity Phase = "opportunity"
	PhaseWon         Phase = "won"
	PhaseLost        Phase = "lost"
	PhaseCustomer    Phase = "customer"
	PhaseChurned     Phase = "churned"
)

// Valid reports whether p is one of the seven phases.
func (p Phase) Valid() bool {
	switch p {
	case PhaseLead, PhaseQualified, PhaseOpportunity, PhaseWon, PhaseLost, PhaseCustomer, PhaseChurned:
		return true
	}
	return false
}

// Status is what a phase means for a prospect: open until won or lost. After a
// win the prospect stays won through customer, renewal and churn.
func (p Phase) Status() Status {
	switch p {
	case PhaseWon, PhaseCustomer, PhaseChurned:
		return StatusWon
	case PhaseLost:
		return StatusLost
	}
	return StatusOpen
}

// Stage is a column of the workspace's one pipeline.
type Stage struct {
	WorkspaceID string `gorm:"primaryKey" json:"-"`
	ID          string `gorm:"primaryKey"`
	Name        string
	Phase       Phase
	Position    int
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt   time.Time `gorm:"autoUpdateTime:false"`
}

// StageInput is what a client may set on a stage. Phase is fixed once created.
type StageInput struct {
	Name     domain.Optional[string]
	Phase    domain.Optional[Phase]
	Position domain.Optional[int]
}

// DefaultStages is the pipeline a new workspace starts with (DESIGN.md).
func DefaultStages() []Stage {
	defs := []struct {
		name  string
		phase Phase
	}{
		{"Lead", PhaseLead}, {"Engaged", PhaseLead}, {"Qualified", PhaseQualified},
		{"Discovery", PhaseOpportunity}, {"Proposal", PhaseOpportunity}, {"Negotiation", PhaseOpportunity},
		{"Won", PhaseWon}, {"Lost", PhaseLost},
		{"Customer", PhaseCustomer}, {"Renewal due", PhaseCustomer}, {"Renewed", PhaseCustomer}, {"Churned", PhaseChurned},
	}
	out := make([]Stage, len(defs))
	for i, d := range defs {
		out[i] = Stage{Name: d.name, Phase: d.phase, Position: i}
	}
	return out
}

// validateStage checks a new stage or a patch (creating tells which).
func validateStage(in *StageInput, creating bool) error {
	v := &domain.ValidationError{}
	if in.Name.Set || creating {
		in.Name.Value = domain.CheckName(v, "name", in.Name.Value)
	}
	if creating && !in.Phase.Value.Valid() {
		v.Add("phase", "invalid", "must be one of lead, qualified, opportunity, won, lost, customer, churned")
	}
	if !creating && in.Phase.Set {
		v.Add("phase", "immutable", "a stage's phase is fixed; add a new stage instead")
	}
	if in.Position.Set && in.Position.Value < 0 {
		v.Add("position", "invalid", "must be 0 or more")
	}
	return v.Err()
}

// Reorder moves the stage with id to position pos and renumbers all stages 0..n-1.
// Stages must be in board order. It returns the new order.
func Reorder(stages []Stage, id string, pos int) []Stage {
	out := make([]Stage, 0, len(stages))
	var moved *Stage
	for i := range stages {
		if stages[i].ID == id {
			s := stages[i]
			moved = &s
			continue
		}
		out = append(out, stages[i])
	}
	if moved == nil {
		return stages
	}
	pos = min(max(pos, 0), len(out))
	out = append(out[:pos], append([]Stage{*moved}, out[pos:]...)...)
	for i := range out {
		out[i].Position = i
	}
	return out
}
