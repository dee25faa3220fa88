package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

func campaignOut(c marketing.Campaign) Campaign {
	return Campaign{
		Id: uid(c.ID), Name: c.Name, Channel: Channel(c.Channel), UtmCampaign: c.UTMCampaign,
		StartsOn: wireDate(c.StartsOn), EndsOn: wireDate(c.EndsOn), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

// channelIn reads an optional channel as the domain's type.
func channelIn(c *Channel) domain.Optional[tracking.Channel] {
	if c == nil {
		return domain.Optional[tracking.Channel]{}
	}
	return domain.Some(tracking.Channel(*c))
}

func (s *Server) ListCampaigns(ctx context.Context, r ListCampaignsRequestObject) (ListCampaignsResponseObject, error) {
	p := r.Params
	f := marketing.CampaignFilter{ListQuery: listQuery(p.Limit, p.Cursor, sortOf(p.Sort), p.UpdatedSince)}
	if p.Q != nil {
		f.Q = *p.Q
	}
	if p.Channel != nil {
		f.Channel = tracking.Channel(*p.Channel)
	}
	if p.UtmCampaign != nil {
		f.UTMCampaign = *p.UtmCampaign
	}
	page, err := s.marketing.ListCampaigns(ctx, principal(ctx), f)
	if err != nil {
		return nil, err
	}
	out := ListCampaigns200JSONResponse{Data: make([]Campaign, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, c := range page.Items {
		out.Data[i] = campaignOut(c)
	}
	return out, nil
}

func (s *Server) CreateCampaign(ctx context.Context, r CreateCampaignRequestObject) (CreateCampaignResponseObject, error) {
	b := r.Body
	in := marketing.CampaignInput{
		Name: ptr(&b.Name), Channel: channelIn(&b.Channel), UTMCampaign: ptr(&b.UtmCampaign),
		StartsOn: optionalDate(b.StartsOn), EndsOn: optionalDate(b.EndsOn),
	}
	c, err := s.marketing.CreateCampaign(ctx, principal(ctx), in)
	if err != nil {
		return nil, err
	}
	return CreateCampaign201JSONResponse{Body: campaignOut(c), Headers: CreateCampaign201ResponseHeaders{Location: location("/api/v1/campaigns/" + c.ID)}}, nil
}

func (s *Server) GetCampaign(ctx context.Context, r GetCampaignRequestObject) (GetCampaignResponseObject, error) {
	c, err := s.marketing.GetCampaign(ctx, principal(ctx), r.Id.String())
	if err != nil {
		return nil, err
	}
	return GetCampaign200JSONResponse(campaignOut(c)), nil
}

func (s *Server) UpdateCampaign(ctx context.Context, r UpdateCampaignRequestObject) (UpdateCampaignResponseObject, error) {
	b := r.Body
	in := marketing.CampaignInput{
		Name: ptr(b.Name), Channel: channelIn(b.Channel), UTMCampaign: ptr(b.UtmCampaign),
		StartsOn: optionalDate(b.StartsOn), EndsOn: optionalDate(b.EndsOn),
	}
	c, err := s.marketing.UpdateCampaign(ctx, principal(ctx), r.Id.String(), in)
	if err != nil {
		return nil, err
	}
	return UpdateCampaign200JSONResponse(campaignOut(c)), nil
}

func (s *Server) DeleteCampaign(ctx context.Context, r DeleteCampaignRequestObject) (DeleteCampaignResponseObject, error) {
	if err := s.marketing.DeleteCampaign(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteCampaign204Response{}, nil
}
