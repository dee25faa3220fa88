package crm

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// Contact is a known person. The email is unique in the workspace when present.
type Contact struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Email       *string
	FirstName   string
	LastName    string
	Phone       *string
	JobTitle    *string
	AccountID   *string
	ExternalID  *string    // the tracking userId the person is known by
	FirstTouch  FirstTouch `gorm:"embedded;embeddedPrefix:first_touch_"`
	CreatedAt   time.Time  `gorm:"autoCreateTime:false"`
	UpdatedAt   time.Time  `gorm:"autoUpdateTime:false"`
}

// ContactInput is what a client may set on a contact.
type ContactInput struct {
	Email     domain.Optional[string]
	FirstName domain.Optional[string]
	LastName  domain.Optional[string]
	Phone     domain.Optional[string]
	JobTitle  domain.Optional[string]
	AccountID domain.Optional[string]
}

// ContactFilter narrows a list of contacts.
type ContactFilter struct {
	domain.ListQuery
	Q         string
	Email     string
	AccountID string
}

func validateContact(in *ContactInput, creating bool) error {
	v := &domain.ValidationError{}
	if in.Email.Set && !in.Email.Null {
		in.Email.Value = domain.NormalizeEmail(v, "email", in.Email.Value)
	}
	domain.CheckText(v, "first_name", in.FirstName.Value, domain.MaxNameLen)
	domain.CheckText(v, "last_name", in.LastName.Value, domain.MaxNameLen)
	domain.CheckText(v, "phone", in.Phone.Value, 64)
	domain.CheckText(v, "job_title", in.JobTitle.Value, domain.MaxNameLen)
	if creating && in.Email.Value == "" && in.FirstName.Value == "" && in.LastName.Value == "" {
		v.Add("email", "required", "a contact needs an email or a name")
	}
	checkRef(v, "account_id", in.AccountID)
	return v.Err()
}

// checkRef validates an optional reference id's syntax; existence is checked in the workspace by the store.
func checkRef(v *domain.ValidationError, field string, o domain.Optional[string]) {
	if o.Set && !o.Null && !domain.ValidID(o.Value) {
		v.Add(field, "invalid_id", "must be a UUID")
	}
}
