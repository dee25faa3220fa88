package crm

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// ActorKind says who moved a prospect.
type ActorKind string

const (
	ActorMember ActorKind = "member"
	ActorAPIKey ActorKind = "api_key"
	ActorRule   ActorKind = "rule"
	ActorBot    ActorKind = "bot"
)

// StageChange is an immutable record of one move: never updated, never deleted
// on its own (it goes only with its prospect).
type StageChange struct {
	WorkspaceID   string `gorm:"primaryKey"`
	ID            string `gorm:"primaryKey"`
	ProspectID    string
	FromStageID   *string
	ToStageID     string
	ChangedAt     time.Time
	ChangedByKind ActorKind
	ChangedByID   *string
}

// Actor is who is changing things.
type Actor struct {
	Kind ActorKind
	ID   string
}

// Move puts p in stage to at the given time and returns the stage change to
// record. The status follows the phase: won and lost close the prospect, a move
// back to an open phase reopens it. The milestones record the entry.
func Move(p *Prospect, to Stage, by Actor, at time.Time, lostReason string) (StageChange, error) {
	if p.StageID == to.ID {
		return StageChange{}, domain.Invalid("stage_id", "same_stage", "the prospect is already in this stage")
	}
	from := p.StageID
	sc := StageChange{
		WorkspaceID: p.WorkspaceID, ID: domain.NewID(), ProspectID: p.ID,
		FromStageID: &from, ToStageID: to.ID, ChangedAt: at, ChangedByKind: by.Kind,
	}
	if by.ID != "" {
		id := by.ID
		sc.ChangedByID = &id
	}
	wasClosed := p.Status != StatusOpen
	p.StageID, p.Phase, p.StageEnteredAt, p.UpdatedAt = to.ID, to.Phase, at, at
	p.Milestones.Enter(to, at)
	p.Status = to.Phase.Status()
	switch {
	case p.Status == StatusOpen:
		p.ClosedAt, p.LostReason = nil, nil
	case !wasClosed || p.ClosedAt == nil:
		p.ClosedAt = &at
	}
	if p.Status == StatusLost && lostReason != "" {
		p.LostReason = &lostReason
	}
	if p.Status == StatusWon {
		p.LostReason = nil
	}
	return sc, nil
}
