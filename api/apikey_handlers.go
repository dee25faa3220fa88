package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/workspace"
)

func apiKeyOut(k workspace.APIKey) APIKey {
	return APIKey{Id: uid(k.ID), Name: k.Name, Scope: APIKeyScope(k.Scope), Prefix: k.Prefix, CreatedAt: k.CreatedAt, LastUsedAt: wire(k.LastUsedAt)}
}

func (s *Server) ListAPIKeys(ctx context.Context, r ListAPIKeysRequestObject) (ListAPIKeysResponseObject, error) {
	page, err := s.ws.ListAPIKeys(ctx, principal(ctx), listQuery(r.Params.Limit, r.Params.Cursor, "", nil))
	if err != nil {
		return nil, err
	}
	out := ListAPIKeys200JSONResponse{Data: make([]APIKey, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, k := range page.Items {
		out.Data[i] = apiKeyOut(k)
	}
	return out, nil
}

func (s *Server) CreateAPIKey(ctx context.Context, r CreateAPIKeyRequestObject) (CreateAPIKeyResponseObject, error) {
	res, err := s.ws.CreateAPIKey(ctx, principal(ctx), r.Body.Name, string(r.Body.Scope))
	if err != nil {
		return nil, err
	}
	out := apiKeyOut(res.APIKey)
	out.Key = &res.Secret
	return CreateAPIKey201JSONResponse{Body: out, Headers: CreateAPIKey201ResponseHeaders{Location: location("/api/v1/api-keys/" + res.ID)}}, nil
}

func (s *Server) RevokeAPIKey(ctx context.Context, r RevokeAPIKeyRequestObject) (RevokeAPIKeyResponseObject, error) {
	if err := s.ws.RevokeAPIKey(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return RevokeAPIKey204Response{}, nil
}
