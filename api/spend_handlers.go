package api

import (
	"context"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/onefunnel/onefunnel/domain/marketing"
)

func spendOut(sp marketing.Spend) Spend {
	return Spend{
		Id: uid(sp.ID), CampaignId: uid(sp.CampaignID), PeriodStart: openapi_types.Date{Time: sp.PeriodStart.UTC()},
		PeriodEnd: openapi_types.Date{Time: sp.PeriodEnd.UTC()}, Amount: sp.Amount, Currency: sp.Currency, CreatedAt: sp.CreatedAt,
	}
}

func (s *Server) ListCampaignSpend(ctx context.Context, r ListCampaignSpendRequestObject) (ListCampaignSpendResponseObject, error) {
	page, err := s.marketing.ListSpend(ctx, principal(ctx), r.Id.String(), listQuery(r.Params.Limit, r.Params.Cursor, "", nil))
	if err != nil {
		return nil, err
	}
	out := ListCampaignSpend200JSONResponse{Data: make([]Spend, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, sp := range page.Items {
		out.Data[i] = spendOut(sp)
	}
	return out, nil
}

func (s *Server) AddCampaignSpend(ctx context.Context, r AddCampaignSpendRequestObject) (AddCampaignSpendResponseObject, error) {
	b := r.Body
	in := marketing.SpendInput{PeriodStart: b.PeriodStart.Time, PeriodEnd: b.PeriodEnd.Time, Amount: b.Amount, Currency: b.Currency}
	sp, err := s.marketing.AddSpend(ctx, principal(ctx), r.Id.String(), in)
	if err != nil {
		return nil, err
	}
	loc := "/api/v1/campaigns/" + sp.CampaignID + "/spend/" + sp.ID
	return AddCampaignSpend201JSONResponse{Body: spendOut(sp), Headers: AddCampaignSpend201ResponseHeaders{Location: &loc}}, nil
}

func (s *Server) GetCampaignSpend(ctx context.Context, r GetCampaignSpendRequestObject) (GetCampaignSpendResponseObject, error) {
	sp, err := s.marketing.GetSpend(ctx, principal(ctx), r.Id.String(), r.SpendId.String())
	if err != nil {
		return nil, err
	}
	return GetCampaignSpend200JSONResponse(spendOut(sp)), nil
}

func (s *Server) DeleteCampaignSpend(ctx context.Context, r DeleteCampaignSpendRequestObject) (DeleteCampaignSpendResponseObject, error) {
	if err := s.marketing.DeleteSpend(ctx, principal(ctx), r.Id.String(), r.SpendId.String()); err != nil {
		return nil, err
	}
	return DeleteCampaignSpend204Response{}, nil
}
