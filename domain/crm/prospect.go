package crm

import (
	"slices"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// Status is where a prospect's buying journey stands.
type Status string

const (
	StatusOpen Status = "open"
	StatusWon  Status = "won"
	StatusLost Status = "lost"
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == StatusOpen || s == StatusWon || s == StatusLost }

// ContactRole is a contact's part in a prospect's buying group.
type ContactRole string

var contactRoles = map[ContactRole]bool{
	"decision_maker": true, "champion": true, "influencer": true, "user": true,
	"economic_buyer": true, "technical_buyer": true, "other": true,
}

// Prospect is the pipeline card: one buying journey of an account or a person.
type Prospect struct {
	WorkspaceID       string `gorm:"primaryKey"`
	ID                string `gorm:"primaryKey"`
	Title             string
	AccountID         *string
	OwnerID           *string
	StageID           string
	Phase             Phase `gorm:"-"` // joined from the stage
	Amount            int64
	Currency          string
	ExpectedCloseDate *time.Time
	Status            Status
	LostReason        *string
	StageEnteredAt    time.Time
	ClosedAt          *time.Time
	FirstTouch        FirstTouch        `gorm:"embedded;embeddedPrefix:first_touch_"`
	Milestones        Milestones        `gorm:"embedded"`
	CreatedAt         time.Time         `gorm:"autoCreateTime:false"`
	UpdatedAt         time.Time         `gorm:"autoUpdateTime:false"`
	Contacts          []ProspectContact `gorm:"-"`
}

// Milestones are what a prospect's stage changes add up to, kept on the
// prospect as each change is recorded so that reports read one row per
// prospect instead of aggregating its history: the stages it ever entered,
// and its first entries into an opportunity-or-later and a won-or-later
// phase. Stage changes are never edited and a stage's phase never changes,
// so recording each entry (Enter) is all it takes to keep them true.
type Milestones struct {
	EnteredStages string     // stage ids, sorted, comma-separated
	OpportunityAt *time.Time // first entry into an opportunity, won, customer or churned stage
	WonAt         *time.Time // first entry into a won, customer or churned stage
}

// MilestonesColumns are the columns Enter changes.
var MilestonesColumns = []string{"entered_stages", "opportunity_at", "won_at"}

// Enter records an entry into st at time at.
func (m *Milestones) Enter(st Stage, at time.Time) {
	ids := []string{}
	if m.EnteredStages != "" {
		ids = strings.Split(m.EnteredStages, ",")
	}
	if i, found := slices.BinarySearch(ids, st.ID); !found {
		m.EnteredStages = strings.Join(slices.Insert(ids, i, st.ID), ",")
	}
	first := func(t **time.Time) {
		if *t == nil || at.Before(**t) {
			*t = &at
		}
	}
	// Won-or-later are the phases a prospect stays won through.
	if won := st.Phase.Status() == StatusWon; won || st.Phase == PhaseOpportunity {
		first(&m.OpportunityAt)
		if won {
			first(&m.WonAt)
		}
	}
}

// ProspectContact links a contact to a prospect with a role.
type ProspectContact struct {
	WorkspaceID string `gorm:"primaryKey"`
	ProspectID  string `gorm:"primaryKey"`
	ContactID   string `gorm:"primaryKey"`
	Role        ContactRole
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

// ProspectInput is what a client may set on a prospect. The stage moves only by Move.
type ProspectInput struct {
	Title             domain.Optional[string]
	AccountID         domain.Optional[string]
	OwnerID           domain.Optional[string]
	StageID           domain.Optional[string] // create only
	Amount            domain.Optional[int64]
	Currency          domain.Optional[string]
	ExpectedCloseDate domain.Optional[time.Time]
	LostReason        domain.Optional[string]
	Contacts          domain.Optional[[]ProspectContact]
	CreatedAt         domain.Optional[time.Time] // create only: history import, default now
}

// ProspectFilter narrows a list of prospects.
type ProspectFilter struct {
	domain.ListQuery
	Q         string
	StageID   string
	ContactID string
	AccountID string
	OwnerID   string
	Status    Status
}

// DefaultCurrency applies when a prospect is created without one.
const DefaultCurrency = "USD"

func validateProspect(in *ProspectInput, creating bool) error {
	v := &domain.ValidationError{}
	if in.Title.Set || creating {
		in.Title.Value = domain.CheckName(v, "title", in.Title.Value)
	}
	checkRef(v, "account_id", in.AccountID)
	checkRef(v, "owner_id", in.OwnerID)
	checkRef(v, "stage_id", in.StageID)
	if in.Amount.Set && in.Amount.Value < 0 {
		v.Add("amount", "invalid", "must be 0 or more (minor units)")
	}
	if in.Currency.Set {
		in.Currency.Value = domain.CheckCurrency(v, "currency", in.Currency.Value)
	}
	if in.LostReason.Set && !in.LostReason.Null {
		domain.CheckText(v, "lost_reason", in.LostReason.Value, domain.MaxNameLen)
	}
	if in.Contacts.Set {
		seen := map[string]bool{}
		for i, c := range in.Contacts.Value {
			if !domain.ValidID(c.ContactID) {
				v.Add("contacts", "invalid_id", "contact %d: must be a UUID", i)
			}
			if c.Role == "" {
				in.Contacts.Value[i].Role = "other"
			} else if !contactRoles[c.Role] {
				v.Add("contacts", "invalid_role", "contact %d: unknown role %q", i, c.Role)
			}
			if seen[c.ContactID] {
				v.Add("contacts", "duplicate", "contact %d is listed twice", i)
			}
			seen[c.ContactID] = true
		}
	}
	return v.Err()
}
