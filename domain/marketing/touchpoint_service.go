package marketing

import (
	"context"
	"errors"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// CreateTouchpoint records an offline or imported touchpoint. Members and
// read_write keys may import history: the date may be any time up to now. A
// touch on a contact also lands on the contact's account unless the body
// names one, and a campaign key that matches a campaign links to it.
func (s *Service) CreateTouchpoint(ctx context.Context, p auth.Principal, in TouchpointInput) (Touchpoint, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Touchpoint{}, err
	}
	t, err := NewTouchpoint(p.WorkspaceID, in, s.now())
	if err != nil {
		return Touchpoint{}, err
	}
	err = s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		named := t.AccountID != nil
		if t.ContactID != nil {
			account, err := s.st.Parties.ContactAccount(ctx, p.WorkspaceID, *t.ContactID)
			if err != nil {
				return refMissing(err, "contact_id")
			}
			if !named {
				t.AccountID = account
			}
		}
		if named {
			if err := s.st.Parties.AccountExists(ctx, p.WorkspaceID, *t.AccountID); err != nil {
				return refMissing(err, "account_id")
			}
		}
		if t.Campaign != "" {
			c, err := s.st.Campaigns.ByKey(ctx, p.WorkspaceID, t.Campaign)
			switch {
			case err == nil:
				t.CampaignID = &c.ID
			case !errors.Is(err, domain.ErrNotFound):
				return err
			}
		}
		return s.st.Touchpoints.Create(ctx, &t)
	})
	return t, err
}

// GetTouchpoint reads one touchpoint.
func (s *Service) GetTouchpoint(ctx context.Context, p auth.Principal, id string) (Touchpoint, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Touchpoint{}, err
	}
	if err := notFoundID(id); err != nil {
		return Touchpoint{}, err
	}
	return s.st.Touchpoints.Get(ctx, p.WorkspaceID, id)
}

// DeleteTouchpoint removes a touchpoint recorded in error.
func (s *Service) DeleteTouchpoint(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionWrite); err != nil {
		return err
	}
	if err := notFoundID(id); err != nil {
		return err
	}
	return s.st.Touchpoints.Delete(ctx, p.WorkspaceID, id)
}

// ListTouchpoints pages through touchpoints, oldest first unless sorted otherwise.
func (s *Service) ListTouchpoints(ctx context.Context, p auth.Principal, f TouchpointFilter) (domain.Page[Touchpoint], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Touchpoint]{}, err
	}
	if f.From != nil && f.To != nil && !f.To.After(*f.From) {
		return domain.Page[Touchpoint]{}, domain.Invalid("to", "before_from", "must be after from")
	}
	return s.st.Touchpoints.List(ctx, p.WorkspaceID, f)
}
