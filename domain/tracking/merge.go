package tracking

import "time"

// MergeReason names the call that showed two contacts to be one person.
type MergeReason string

// The calls that merge contacts.
const (
	MergeAlias    MergeReason = "alias"    // alias(previousId, userId): the customer says so
	MergeIdentify MergeReason = "identify" // an identify named a second identity of the visitor or user
)

// ContactMerge folds one contact into another. Everything the merged contact
// had (visitors, sessions, touchpoints, activities, prospects) moves to the
// survivor, which fills its empty fields from it; then the merged contact is
// deleted, its id, userId and email keep leading to the survivor, and the
// audit log records the merge.
type ContactMerge struct {
	WorkspaceID string
	Survivor    Person
	Merged      Person
	Fill        ContactFill // the survivor's empty fields, from the merged contact
	// TakeFirstTouch: the merged contact's first touch replaces the
	// survivor's, because it has none or the merged one is earlier. The
	// first touch is how the person first arrived, so the earliest wins and
	// a later one never replaces it.
	TakeFirstTouch bool
	Reason         MergeReason
	EventID        string
	At             time.Time
}

// MayMerge reports whether an identify may take two contacts for one person.
// Two contacts the customer's product knows as different users (two userIds)
// are two people, however they meet on one device; alias alone merges them.
func MayMerge(a, b Person) bool {
	return a.ExternalID == "" || b.ExternalID == "" || a.ExternalID == b.ExternalID
}

// PlanMerge decides a merge of two contacts: the older one (created first;
// by id on a tie) survives, so the record people have worked with longest
// keeps its id, and it takes from the other only what it lacks.
func PlanMerge(a, b Person) ContactMerge {
	s, m := a, b
	if b.CreatedAt.Before(a.CreatedAt) || (b.CreatedAt.Equal(a.CreatedAt) && b.ID < a.ID) {
		s, m = b, a
	}
	var f ContactFill
	if s.ExternalID == "" {
		f.ExternalID = m.ExternalID
	}
	if s.Email == "" {
		f.Email = m.Email
	}
	if s.FirstName == "" && s.LastName == "" { // a name is taken whole, never half of each
		f.FirstName, f.LastName = m.FirstName, m.LastName
	}
	if s.Phone == "" {
		f.Phone = m.Phone
	}
	if s.JobTitle == "" {
		f.JobTitle = m.JobTitle
	}
	if s.AccountID == nil {
		f.AccountID = m.AccountID
	}
	take := m.FirstTouchAt != nil && (s.FirstTouchAt == nil || m.FirstTouchAt.Before(*s.FirstTouchAt))
	return ContactMerge{Survivor: s, Merged: m, Fill: f, TakeFirstTouch: take}
}

// Result is the survivor as it is after the merge.
func (c ContactMerge) Result() Person {
	p := c.Survivor
	for _, f := range []struct {
		to   *string
		from string
	}{
		{&p.ExternalID, c.Fill.ExternalID}, {&p.Email, c.Fill.Email}, {&p.FirstName, c.Fill.FirstName},
		{&p.LastName, c.Fill.LastName}, {&p.Phone, c.Fill.Phone}, {&p.JobTitle, c.Fill.JobTitle},
	} {
		if f.from != "" {
			*f.to = f.from
		}
	}
	if c.Fill.AccountID != nil {
		p.AccountID = c.Fill.AccountID
	}
	if c.TakeFirstTouch {
		p.FirstTouchAt = c.Merged.FirstTouchAt
	}
	return p
}
