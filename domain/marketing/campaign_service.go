package marketing

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// CreateCampaign adds a campaign and links the touchpoints already tagged
// with its key, so history recorded before the campaign existed counts too.
func (s *Service) CreateCampaign(ctx context.Context, p auth.Principal, in CampaignInput) (Campaign, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Campaign{}, err
	}
	if err := validateCampaign(&in, true); err != nil {
		return Campaign{}, err
	}
	if err := checkDates(in.StartsOn.Ptr(), in.EndsOn.Ptr()); err != nil {
		return Campaign{}, err
	}
	now := s.now()
	c := Campaign{
		WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Name: in.Name.Value, Channel: in.Channel.Value,
		UTMCampaign: in.UTMCampaign.Value, StartsOn: in.StartsOn.Ptr(), EndsOn: in.EndsOn.Ptr(), CreatedAt: now, UpdatedAt: now,
	}
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		if err := s.st.Campaigns.Create(ctx, &c); err != nil {
			return err
		}
		return s.st.Campaigns.LinkTouchpoints(ctx, p.WorkspaceID, c.ID, c.UTMCampaign)
	})
	return c, err
}

// GetCampaign reads one campaign.
func (s *Service) GetCampaign(ctx context.Context, p auth.Principal, id string) (Campaign, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Campaign{}, err
	}
	if err := notFoundID(id); err != nil {
		return Campaign{}, err
	}
	return s.st.Campaigns.Get(ctx, p.WorkspaceID, id)
}

// UpdateCampaign changes the fields that were sent. A new key relinks the
// touchpoints: those tagged with the old key let go, those with the new one join.
func (s *Service) UpdateCampaign(ctx context.Context, p auth.Principal, id string, in CampaignInput) (Campaign, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Campaign{}, err
	}
	if err := notFoundID(id); err != nil {
		return Campaign{}, err
	}
	if err := validateCampaign(&in, false); err != nil {
		return Campaign{}, err
	}
	var c Campaign
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.st.Campaigns.GetForUpdate(ctx, p.WorkspaceID, id); err != nil {
			return err
		}
		cols := []string{"updated_at"}
		if in.Name.Set {
			c.Name, cols = in.Name.Value, append(cols, "name")
		}
		if in.Channel.Set {
			c.Channel, cols = in.Channel.Value, append(cols, "channel")
		}
		rekeyed := in.UTMCampaign.Set && in.UTMCampaign.Value != c.UTMCampaign
		if rekeyed {
			c.UTMCampaign, cols = in.UTMCampaign.Value, append(cols, "utm_campaign")
		}
		if in.StartsOn.Set {
			c.StartsOn, cols = in.StartsOn.Ptr(), append(cols, "starts_on")
		}
		if in.EndsOn.Set {
			c.EndsOn, cols = in.EndsOn.Ptr(), append(cols, "ends_on")
		}
		if err := checkDates(c.StartsOn, c.EndsOn); err != nil {
			return err
		}
		c.UpdatedAt = s.now()
		if err := s.st.Campaigns.Update(ctx, &c, cols...); err != nil {
			return err
		}
		if rekeyed {
			return s.st.Campaigns.LinkTouchpoints(ctx, p.WorkspaceID, c.ID, c.UTMCampaign)
		}
		return nil
	})
	return c, err
}

// DeleteCampaign removes a campaign and its spend; its touchpoints stay, unlinked.
func (s *Service) DeleteCampaign(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionWrite); err != nil {
		return err
	}
	if err := notFoundID(id); err != nil {
		return err
	}
	return s.st.Campaigns.Delete(ctx, p.WorkspaceID, id)
}

// ListCampaigns pages through campaigns.
func (s *Service) ListCampaigns(ctx context.Context, p auth.Principal, f CampaignFilter) (domain.Page[Campaign], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Campaign]{}, err
	}
	if f.UTMCampaign != "" {
		f.UTMCampaign = CampaignKey(f.UTMCampaign)
	}
	return s.st.Campaigns.List(ctx, p.WorkspaceID, f)
}
