package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/workspace"
)

func writeKeyOut(k workspace.WriteKey) WriteKey {
	return WriteKey{Id: uid(k.ID), Name: k.Name, Key: k.Key, CreatedAt: k.CreatedAt}
}

func (s *Server) ListWriteKeys(ctx context.Context, r ListWriteKeysRequestObject) (ListWriteKeysResponseObject, error) {
	page, err := s.writeKeys.List(ctx, principal(ctx), listQuery(r.Params.Limit, r.Params.Cursor, "", nil))
	if err != nil {
		return nil, err
	}
	out := ListWriteKeys200JSONResponse{Data: make([]WriteKey, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, k := range page.Items {
		out.Data[i] = writeKeyOut(k)
	}
	return out, nil
}

func (s *Server) CreateWriteKey(ctx context.Context, r CreateWriteKeyRequestObject) (CreateWriteKeyResponseObject, error) {
	k, err := s.writeKeys.Create(ctx, principal(ctx), r.Body.Name)
	if err != nil {
		return nil, err
	}
	return CreateWriteKey201JSONResponse{Body: writeKeyOut(k), Headers: CreateWriteKey201ResponseHeaders{Location: location("/api/v1/write-keys/" + k.ID)}}, nil
}

func (s *Server) RevokeWriteKey(ctx context.Context, r RevokeWriteKeyRequestObject) (RevokeWriteKeyResponseObject, error) {
	if err := s.writeKeys.Revoke(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return RevokeWriteKey204Response{}, nil
}
