package marketing

import (
	"context"
	"fmt"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// AddSpend records what a campaign cost over a period. The campaign row is
// locked while its periods are checked, so two concurrent additions cannot
// both pass the overlap check.
func (s *Service) AddSpend(ctx context.Context, p auth.Principal, campaignID string, in SpendInput) (Spend, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Spend{}, err
	}
	if err := notFoundID(campaignID); err != nil {
		return Spend{}, err
	}
	if err := validateSpend(&in); err != nil {
		return Spend{}, err
	}
	sp := Spend{
		WorkspaceID: p.WorkspaceID, ID: domain.NewID(), CampaignID: campaignID, PeriodStart: in.PeriodStart,
		PeriodEnd: in.PeriodEnd, Amount: in.Amount, Currency: in.Currency, CreatedAt: s.now(),
	}
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		if _, err := s.st.Campaigns.GetForUpdate(ctx, p.WorkspaceID, campaignID); err != nil {
			return err
		}
		existing, err := s.st.Campaigns.Spend(ctx, p.WorkspaceID, campaignID)
		if err != nil {
			return err
		}
		if o, ok := FirstOverlap(existing, sp.Period()); ok {
			return fmt.Errorf("%w: the period overlaps the campaign's spend from %s to %s",
				domain.ErrConflict, o.PeriodStart.Format(dateLayout), o.PeriodEnd.Format(dateLayout))
		}
		return s.st.Campaigns.AddSpend(ctx, &sp)
	})
	return sp, err
}

const dateLayout = "2006-01-02"

// ListSpend pages through a campaign's spend, earliest period first.
func (s *Service) ListSpend(ctx context.Context, p auth.Principal, campaignID string, q domain.ListQuery) (domain.Page[Spend], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Spend]{}, err
	}
	if err := notFoundID(campaignID); err != nil {
		return domain.Page[Spend]{}, err
	}
	if _, err := s.st.Campaigns.Get(ctx, p.WorkspaceID, campaignID); err != nil {
		return domain.Page[Spend]{}, err
	}
	return s.st.Campaigns.ListSpend(ctx, p.WorkspaceID, campaignID, q)
}

// GetSpend reads one spend row of a campaign.
func (s *Service) GetSpend(ctx context.Context, p auth.Principal, campaignID, id string) (Spend, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Spend{}, err
	}
	if err := notFoundID(campaignID, id); err != nil {
		return Spend{}, err
	}
	return s.st.Campaigns.GetSpend(ctx, p.WorkspaceID, campaignID, id)
}

// DeleteSpend removes one spend row of a campaign.
func (s *Service) DeleteSpend(ctx context.Context, p auth.Principal, campaignID, id string) error {
	if err := p.Can(auth.ActionWrite); err != nil {
		return err
	}
	if err := notFoundID(campaignID, id); err != nil {
		return err
	}
	return s.st.Campaigns.DeleteSpend(ctx, p.WorkspaceID, campaignID, id)
}
