package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

func touchpointOut(t marketing.Touchpoint) Touchpoint {
	return Touchpoint{
		Id: uid(t.ID), Type: TouchpointType(t.Type), Channel: Channel(t.Channel), Source: t.Source, Medium: t.Medium,
		Campaign: t.Campaign, CampaignId: wireID(t.CampaignID), Content: t.Content, Term: t.Term, OccurredAt: t.OccurredAt,
		ContactId: wireID(t.ContactID), AccountId: wireID(t.AccountID), AnonymousId: t.AnonymousID,
		SessionId: wireID(t.SessionID), EventId: wireID(t.EventID), LandingPage: t.LandingPage, Referrer: t.Referrer,
		DeviceType: string(t.DeviceType), CreatedAt: t.CreatedAt,
	}
}

func (s *Server) ListTouchpoints(ctx context.Context, r ListTouchpointsRequestObject) (ListTouchpointsResponseObject, error) {
	p := r.Params
	f := marketing.TouchpointFilter{
		ListQuery: listQuery(p.Limit, p.Cursor, sortOf(p.Sort), nil),
		ContactID: strOrEmpty(p.ContactId), AccountID: strOrEmpty(p.AccountId), CampaignID: strOrEmpty(p.CampaignId),
		From: p.From, To: p.To,
	}
	if p.Type != nil {
		f.Type = tracking.TouchpointType(*p.Type)
	}
	if p.Channel != nil {
		f.Channel = tracking.Channel(*p.Channel)
	}
	page, err := s.marketing.ListTouchpoints(ctx, principal(ctx), f)
	if err != nil {
		return nil, err
	}
	out := ListTouchpoints200JSONResponse{Data: make([]Touchpoint, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, t := range page.Items {
		out.Data[i] = touchpointOut(t)
	}
	return out, nil
}

func (s *Server) CreateTouchpoint(ctx context.Context, r CreateTouchpointRequestObject) (CreateTouchpointResponseObject, error) {
	b := r.Body
	in := marketing.TouchpointInput{
		ContactID: ptrID(b.ContactId), AccountID: ptrID(b.AccountId), Type: tracking.TouchpointType(b.Type),
		Channel: channelIn(b.Channel), Source: deref(b.Source), Medium: deref(b.Medium), Campaign: deref(b.Campaign),
		Content: deref(b.Content), Term: deref(b.Term), OccurredAt: ptr(b.OccurredAt),
	}
	t, err := s.marketing.CreateTouchpoint(ctx, principal(ctx), in)
	if err != nil {
		return nil, err
	}
	return CreateTouchpoint201JSONResponse{Body: touchpointOut(t), Headers: CreateTouchpoint201ResponseHeaders{Location: location("/api/v1/touchpoints/" + t.ID)}}, nil
}

func (s *Server) GetTouchpoint(ctx context.Context, r GetTouchpointRequestObject) (GetTouchpointResponseObject, error) {
	t, err := s.marketing.GetTouchpoint(ctx, principal(ctx), r.Id.String())
	if err != nil {
		return nil, err
	}
	return GetTouchpoint200JSONResponse(touchpointOut(t)), nil
}

func (s *Server) DeleteTouchpoint(ctx context.Context, r DeleteTouchpointRequestObject) (DeleteTouchpointResponseObject, error) {
	if err := s.marketing.DeleteTouchpoint(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteTouchpoint204Response{}, nil
}

// deref reads an optional string field, "" when absent.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
