package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/crm"
)

func accountOut(a crm.Account) Account {
	return Account{Id: uid(a.ID), Name: a.Name, Domain: wire(a.Domain), CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

func (s *Server) ListAccounts(ctx context.Context, r ListAccountsRequestObject) (ListAccountsResponseObject, error) {
	p := r.Params
	f := crm.AccountFilter{ListQuery: listQuery(p.Limit, p.Cursor, sortOf(p.Sort), p.UpdatedSince)}
	if p.Q != nil {
		f.Q = *p.Q
	}
	if p.Domain != nil {
		f.Domain = *p.Domain
	}
	page, err := s.crm.ListAccounts(ctx, principal(ctx), f)
	if err != nil {
		return nil, err
	}
	out := ListAccounts200JSONResponse{Data: make([]Account, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, a := range page.Items {
		out.Data[i] = accountOut(a)
	}
	return out, nil
}

func (s *Server) CreateAccount(ctx context.Context, r CreateAccountRequestObject) (CreateAccountResponseObject, error) {
	a, err := s.crm.CreateAccount(ctx, principal(ctx), crm.AccountInput{Name: ptr(&r.Body.Name), Domain: optional(r.Body.Domain)})
	if err != nil {
		return nil, err
	}
	return CreateAccount201JSONResponse{Body: accountOut(a), Headers: CreateAccount201ResponseHeaders{Location: location("/api/v1/accounts/" + a.ID)}}, nil
}

func (s *Server) GetAccount(ctx context.Context, r GetAccountRequestObject) (GetAccountResponseObject, error) {
	a, err := s.crm.GetAccount(ctx, principal(ctx), r.Id.String())
	if err != nil {
		return nil, err
	}
	return GetAccount200JSONResponse(accountOut(a)), nil
}

func (s *Server) UpdateAccount(ctx context.Context, r UpdateAccountRequestObject) (UpdateAccountResponseObject, error) {
	a, err := s.crm.UpdateAccount(ctx, principal(ctx), r.Id.String(), crm.AccountInput{Name: ptr(r.Body.Name), Domain: optional(r.Body.Domain)})
	if err != nil {
		return nil, err
	}
	return UpdateAccount200JSONResponse(accountOut(a)), nil
}

func (s *Server) DeleteAccount(ctx context.Context, r DeleteAccountRequestObject) (DeleteAccountResponseObject, error) {
	if err := s.crm.DeleteAccount(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteAccount204Response{}, nil
}

func (s *Server) GetAccountTimeline(ctx context.Context, r GetAccountTimelineRequestObject) (GetAccountTimelineResponseObject, error) {
	out, err := s.timeline(ctx, "account", r.Id.String(), r.Params.Limit, r.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return GetAccountTimeline200JSONResponse{TimelineJSONResponse(out)}, nil
}
