package tracking

import (
	"context"
)

// alias says previousId and userId are one person (Segment: "merge two user
// identities"). previousId is an earlier userId or an anonymousId: the
// contact it names, or the one its visitor is, is merged with the userId's
// contact, and the visitor becomes the survivor's. A userId no contact has
// yet is given to the previous contact when that has none.
func (p *Processor) alias(ctx context.Context, ev QueuedEvent) error {
	m, ws := ev.Message, ev.WorkspaceID
	if m.PreviousID == "" || m.UserID == "" || m.PreviousID == m.UserID {
		return nil
	}
	person, err := found(p.st.ContactByExternalID(ctx, ws, m.UserID))
	if err != nil {
		return err
	}
	previous, err := found(p.st.ContactByExternalID(ctx, ws, m.PreviousID))
	if err != nil {
		return err
	}
	isUser := previous.ID != ""
	if !isUser {
		if previous, err = p.visitorContact(ctx, ws, m.PreviousID); err != nil {
			return err
		}
	}
	switch {
	case person.ID == "" && (previous.ID == "" || previous.ExternalID != ""):
		return nil // nobody to link yet; the identify that follows will
	case person.ID == "":
		person = previous
		person.ExternalID = m.UserID
		if err := p.st.FillContact(ctx, ws, person.ID, ContactFill{ExternalID: m.UserID}, m.Timestamp); err != nil {
			return err
		}
	case previous.ID != "" && previous.ID != person.ID:
		if person, err = p.merge(ctx, ev, person, previous, MergeAlias); err != nil {
			return err
		}
	}
	if isUser {
		return nil // previousId names a user, not a browser
	}
	return p.st.LinkVisitor(ctx, ws, m.PreviousID, person.ID, person.AccountID)
}

// merge merges two contacts of one person and returns the survivor.
func (p *Processor) merge(ctx context.Context, ev QueuedEvent, a, b Person, why MergeReason) (Person, error) {
	m := PlanMerge(a, b)
	m.WorkspaceID, m.Reason, m.EventID, m.At = ev.WorkspaceID, why, ev.ID, ev.Message.Timestamp
	if err := p.st.MergeContacts(ctx, m); err != nil {
		return Person{}, err
	}
	return m.Result(), nil
}
