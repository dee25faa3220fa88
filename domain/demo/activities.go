package demo

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// logMove sometimes leaves on the timeline the activity that led to a move:
// the call that qualified, the meeting that opened the opportunity, the
// proposal, the note on a win or a loss. Owners log some, not all.
func (b *builder) logMove(pr *crm.Prospect, to crm.Stage, at time.Time, champion identity) {
	var typ crm.ActivityType
	var subject, body string
	chance := 0.6
	switch {
	case to.Phase == crm.PhaseQualified:
		typ, subject = crm.ActivityCall, "Qualification call with "+champion.firstName
	case to.ID == b.p.pipeline.opportunity[0].ID:
		typ, subject = crm.ActivityMeeting, "Discovery meeting"
	case to.Phase == crm.PhaseOpportunity:
		typ, subject, chance = crm.ActivityEmail, "Sent the proposal", 0.5
	case to.Phase == crm.PhaseWon:
		typ, subject, body, chance = crm.ActivityNote, "Contract signed", "Signed "+pr.Title+".", 0.7
	case to.Phase == crm.PhaseLost:
		typ, subject, body, chance = crm.ActivityNote, "Lost", "Lost: "+*pr.LostReason+".", 0.7
	default:
		return
	}
	if b.r.Float64() >= chance {
		return
	}
	when := domain.Latest(pr.CreatedAt, at.Add(-days(b.r.Float64()/12)))
	b.activity(pr, champion, typ, subject, body, when, nil)
}

// followUp is an open task on an open prospect, due in the next days.
func (b *builder) followUp(pr *crm.Prospect, champion identity) {
	now := b.p.Config.Now
	due := now.Add(day + days(9*b.r.Float64()))
	b.activity(pr, champion, crm.ActivityTask, "Follow up with "+champion.firstName, "",
		between(b.r, domain.Latest(pr.StageEnteredAt, now.Add(-3*day)), now), &due)
}

// activity adds one, by and for the prospect's owner; all but tasks are done
// when they happen.
func (b *builder) activity(pr *crm.Prospect, who identity, typ crm.ActivityType, subject, body string, at time.Time, due *time.Time) {
	a := crm.Activity{
		WorkspaceID: pr.WorkspaceID, ID: newID(b.r, at), Type: typ, Subject: subject, Body: body, OccurredAt: at, DueAt: due,
		ProspectID: &pr.ID, ContactID: who.contactID, AccountID: pr.AccountID, OwnerID: pr.OwnerID, CreatedByID: pr.OwnerID,
		CreatedAt: at, UpdatedAt: at,
	}
	if typ != crm.ActivityTask {
		done := at
		a.Done, a.DoneAt = true, &done
	}
	b.c.Activities = append(b.c.Activities, a)
}
