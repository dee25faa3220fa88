package marketing

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
)

// The stores marketing needs; storage implements them. Every method is scoped
// by workspace: a record of another workspace is domain.ErrNotFound.

// Transactor runs fn in one transaction carried by the context.
type Transactor interface {
	Tx(ctx context.Context, fn func(ctx context.Context) error) error
}

// CampaignStore persists campaigns and their spend.
type CampaignStore interface {
	Create(ctx context.Context, c *Campaign) error
	Get(ctx context.Context, workspaceID, id string) (Campaign, error)
	// GetForUpdate is Get that also locks the row until the transaction ends,
	// so spend periods added concurrently are checked one after the other.
	GetForUpdate(ctx context.Context, workspaceID, id string) (Campaign, error)
	// ByKey finds the campaign whose utm_campaign is key.
	ByKey(ctx context.Context, workspaceID, key string) (Campaign, error)
	Update(ctx context.Context, c *Campaign, columns ...string) error
	// Delete removes the campaign with its spend and unlinks its touchpoints.
	Delete(ctx context.Context, workspaceID, id string) error
	List(ctx context.Context, workspaceID string, f CampaignFilter) (domain.Page[Campaign], error)
	// LinkTouchpoints points the unlinked touchpoints tagged with key at the
	// campaign and unlinks those of its touchpoints tagged otherwise.
	LinkTouchpoints(ctx context.Context, workspaceID, campaignID, key string) error

	AddSpend(ctx context.Context, s *Spend) error
	// Spend returns every spend row of the campaign, earliest period first.
	Spend(ctx context.Context, workspaceID, campaignID string) ([]Spend, error)
	ListSpend(ctx context.Context, workspaceID, campaignID string, q domain.ListQuery) (domain.Page[Spend], error)
	// GetSpend reads one spend row of the campaign.
	GetSpend(ctx context.Context, workspaceID, campaignID, id string) (Spend, error)
	DeleteSpend(ctx context.Context, workspaceID, campaignID, id string) error
}

// TouchpointStore persists touchpoints.
type TouchpointStore interface {
	Create(ctx context.Context, t *Touchpoint) error
	Get(ctx context.Context, workspaceID, id string) (Touchpoint, error)
	Delete(ctx context.Context, workspaceID, id string) error
	List(ctx context.Context, workspaceID string, f TouchpointFilter) (domain.Page[Touchpoint], error)
}

// Parties answers what marketing needs to know of the CRM's records.
type Parties interface {
	// ContactAccount returns the account of a contact (nil when it has none),
	// or domain.ErrNotFound when the contact is not in the workspace.
	ContactAccount(ctx context.Context, workspaceID, contactID string) (*string, error)
	// AccountExists returns domain.ErrNotFound when the account is not in the workspace.
	AccountExists(ctx context.Context, workspaceID, accountID string) error
}

// Stores bundles what the Service needs.
type Stores struct {
	Tx          Transactor
	Campaigns   CampaignStore
	Touchpoints TouchpointStore
	Parties     Parties
}
