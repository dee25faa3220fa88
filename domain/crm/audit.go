package crm

import "time"

// AuditEntry is one line of the audit log: an action on a record, who or
// what took it, and its facts. Entries are append-only and outlive their
// subject.
type AuditEntry struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Action      string
	SubjectKind string // "contact", ...
	SubjectID   string
	OtherID     *string // a second record the action involved
	ActorKind   ActorKind
	ActorID     *string
	Details     string // JSON: the action's own facts
	OccurredAt  time.Time
}

// AuditContactMerged is the action of a contact merged into the subject;
// OtherID is the merged contact's old id and Details a MergeDetails.
const AuditContactMerged = "contact.merged"

// MergeDetails are the facts of a merge: the call that showed the two
// contacts to be one person, and who the merged contact was.
type MergeDetails struct {
	Reason  string `json:"reason"` // "alias" or "identify"
	EventID string `json:"event_id,omitempty"`
	Email   string `json:"email,omitempty"`
	UserID  string `json:"user_id,omitempty"`
	Name    string `json:"name,omitempty"`
}

// Merge is a contact merged into the timeline's contact.
type Merge struct {
	ID       string // the audit entry's
	MergedID string
	MergeDetails
}
