package crm

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// ActivityType is the kind of timeline entry a member writes.
type ActivityType string

const (
	ActivityNote    ActivityType = "note"
	ActivityCall    ActivityType = "call"
	ActivityMeeting ActivityType = "meeting"
	ActivityEmail   ActivityType = "email"
	ActivityTask    ActivityType = "task"
)

// Valid reports whether t is a known activity type.
func (t ActivityType) Valid() bool {
	switch t {
	case ActivityNote, ActivityCall, ActivityMeeting, ActivityEmail, ActivityTask:
		return true
	}
	return false
}

// Activity is a note, call, meeting, email or task on a record's timeline.
type Activity struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Type        ActivityType
	Subject     string
	Body        string
	OccurredAt  time.Time
	DueAt       *time.Time
	Done        bool
	DoneAt      *time.Time
	ProspectID  *string
	ContactID   *string
	AccountID   *string
	OwnerID     *string
	CreatedByID *string
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt   time.Time `gorm:"autoUpdateTime:false"`
}

// ActivityInput is what a client may set on an activity.
type ActivityInput struct {
	Type       domain.Optional[ActivityType] // create only
	Subject    domain.Optional[string]
	Body       domain.Optional[string]
	OccurredAt domain.Optional[time.Time]
	DueAt      domain.Optional[time.Time]
	Done       domain.Optional[bool]
	ProspectID domain.Optional[string] // create only
	ContactID  domain.Optional[string] // create only
	AccountID  domain.Optional[string] // create only
	OwnerID    domain.Optional[string]
}

// ActivityFilter narrows a list of activities.
type ActivityFilter struct {
	domain.ListQuery
	Type       ActivityType
	ProspectID string
	ContactID  string
	AccountID  string
	OwnerID    string
	Done       *bool
	DueBefore  *time.Time
}

// MaxBodyLen bounds an activity's body.
const MaxBodyLen = 65536

func validateActivity(in *ActivityInput, creating bool) error {
	v := &domain.ValidationError{}
	if creating && !in.Type.Value.Valid() {
		v.Add("type", "invalid", "must be one of note, call, meeting, email, task")
	}
	domain.CheckText(v, "subject", in.Subject.Value, domain.MaxNameLen)
	domain.CheckText(v, "body", in.Body.Value, MaxBodyLen)
	for _, ref := range []struct {
		name string
		o    domain.Optional[string]
	}{{"prospect_id", in.ProspectID}, {"contact_id", in.ContactID}, {"account_id", in.AccountID}, {"owner_id", in.OwnerID}} {
		checkRef(v, ref.name, ref.o)
	}
	if creating && in.Type.Value != ActivityNote && in.Subject.Value == "" && in.Body.Value == "" {
		v.Add("subject", "required", "give the activity a subject or a body")
	}
	if creating && in.Type.Value == ActivityNote && in.Body.Value == "" && in.Subject.Value == "" {
		v.Add("body", "required", "a note needs a body")
	}
	return v.Err()
}

// applyDone keeps Done and DoneAt consistent.
func applyDone(a *Activity, done bool, now time.Time) {
	if done && !a.Done {
		a.DoneAt = &now
	}
	if !done {
		a.DoneAt = nil
	}
	a.Done = done
}
