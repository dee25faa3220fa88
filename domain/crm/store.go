package crm

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
)

// The stores the CRM needs; storage implements them. Every method is scoped by
// workspace: a record of another workspace is domain.ErrNotFound.

// Transactor runs fn in one transaction carried by the context.
type Transactor interface {
	Tx(ctx context.Context, fn func(ctx context.Context) error) error
}

// AccountStore persists accounts.
type AccountStore interface {
	Create(ctx context.Context, a *Account) error
	Get(ctx context.Context, workspaceID, id string) (Account, error)
	Update(ctx context.Context, a *Account, columns ...string) error
	Delete(ctx context.Context, workspaceID, id string) error
	List(ctx context.Context, workspaceID string, f AccountFilter) (domain.Page[Account], error)
}

// ContactStore persists contacts.
type ContactStore interface {
	Create(ctx context.Context, c *Contact) error
	Get(ctx context.Context, workspaceID, id string) (Contact, error)
	Update(ctx context.Context, c *Contact, columns ...string) error
	Delete(ctx context.Context, workspaceID, id string) error
	List(ctx context.Context, workspaceID string, f ContactFilter) (domain.Page[Contact], error)
}

// StageStore persists the pipeline's stages.
type StageStore interface {
	Create(ctx context.Context, s *Stage) error
	Get(ctx context.Context, workspaceID, id string) (Stage, error)
	Update(ctx context.Context, s *Stage, columns ...string) error
	Delete(ctx context.Context, workspaceID, id string) error
	// All returns the stages in board order.
	All(ctx context.Context, workspaceID string) ([]Stage, error)
	// InUse reports whether any prospect or stage change refers to the stage.
	InUse(ctx context.Context, workspaceID, id string) (bool, error)
}

// ProspectStore persists prospects, their contacts and their stage changes.
type ProspectStore interface {
	Create(ctx context.Context, p *Prospect) error
	// Get loads the prospect with its phase and contacts.
	Get(ctx context.Context, workspaceID, id string) (Prospect, error)
	// GetForUpdate loads the prospect with its phase but not its contacts,
	// and locks the row until the transaction ends.
	GetForUpdate(ctx context.Context, workspaceID, id string) (Prospect, error)
	Update(ctx context.Context, p *Prospect, columns ...string) error
	SetContacts(ctx context.Context, workspaceID, prospectID string, contacts []ProspectContact) error
	Delete(ctx context.Context, workspaceID, id string) error
	List(ctx context.Context, workspaceID string, f ProspectFilter) (domain.Page[Prospect], error)
	AddStageChange(ctx context.Context, sc *StageChange) error
	ListStageChanges(ctx context.Context, workspaceID, prospectID string, q domain.ListQuery) (domain.Page[StageChange], error)
}

// ActivityStore persists activities.
type ActivityStore interface {
	Create(ctx context.Context, a *Activity) error
	Get(ctx context.Context, workspaceID, id string) (Activity, error)
	Update(ctx context.Context, a *Activity, columns ...string) error
	Delete(ctx context.Context, workspaceID, id string) error
	List(ctx context.Context, workspaceID string, f ActivityFilter) (domain.Page[Activity], error)
}

// TimelineStore reads a record's merged history, newest first.
type TimelineStore interface {
	Timeline(ctx context.Context, workspaceID string, subject TimelineSubject, after *TimelineCursor, limit int) ([]TimelineItem, error)
}

// MemberChecker tells whether an id is a member of the workspace (owners of records).
type MemberChecker interface {
	MemberExists(ctx context.Context, workspaceID, id string) (bool, error)
}

// Stores bundles what the Service needs.
type Stores struct {
	Tx         Transactor
	Accounts   AccountStore
	Contacts   ContactStore
	Stages     StageStore
	Prospects  ProspectStore
	Activities ActivityStore
	Timeline   TimelineStore
	Members    MemberChecker
}
