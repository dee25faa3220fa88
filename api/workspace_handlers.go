package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/workspace"
)

func workspaceOut(w workspace.Workspace) Workspace {
	return Workspace{Id: uid(w.ID), Name: w.Name, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

func memberOut(m workspace.Member) Member {
	return Member{Id: uid(m.ID), Name: m.Name, Email: m.Email, Role: Role(m.Role), CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

func inviteOut(i workspace.Invite) Invite {
	return Invite{Id: uid(i.ID), Email: i.Email, Role: Role(i.Role), ExpiresAt: i.ExpiresAt, CreatedAt: i.CreatedAt}
}

func (s *Server) GetMe(ctx context.Context, _ GetMeRequestObject) (GetMeResponseObject, error) {
	m, w, err := s.ws.Me(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	return GetMe200JSONResponse{Member: memberOut(m), Workspace: workspaceOut(w)}, nil
}

func (s *Server) UpdateMe(ctx context.Context, r UpdateMeRequestObject) (UpdateMeResponseObject, error) {
	m, w, err := s.ws.UpdateMe(ctx, principal(ctx), ptr(r.Body.Name))
	if err != nil {
		return nil, err
	}
	return UpdateMe200JSONResponse{Member: memberOut(m), Workspace: workspaceOut(w)}, nil
}

func (s *Server) ChangePassword(ctx context.Context, r ChangePasswordRequestObject) (ChangePasswordResponseObject, error) {
	if err := s.ws.ChangePassword(ctx, principal(ctx), r.Body.CurrentPassword, r.Body.NewPassword); err != nil {
		return nil, err
	}
	return ChangePassword204Response{}, nil
}

func (s *Server) GetWorkspace(ctx context.Context, _ GetWorkspaceRequestObject) (GetWorkspaceResponseObject, error) {
	w, err := s.ws.GetWorkspace(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	return GetWorkspace200JSONResponse(workspaceOut(w)), nil
}

func (s *Server) UpdateWorkspace(ctx context.Context, r UpdateWorkspaceRequestObject) (UpdateWorkspaceResponseObject, error) {
	w, err := s.ws.RenameWorkspace(ctx, principal(ctx), ptr(r.Body.Name))
	if err != nil {
		return nil, err
	}
	return UpdateWorkspace200JSONResponse(workspaceOut(w)), nil
}

func (s *Server) ListMembers(ctx context.Context, r ListMembersRequestObject) (ListMembersResponseObject, error) {
	page, err := s.ws.ListMembers(ctx, principal(ctx), listQuery(r.Params.Limit, r.Params.Cursor, "", nil))
	if err != nil {
		return nil, err
	}
	out := ListMembers200JSONResponse{Data: make([]Member, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, m := range page.Items {
		out.Data[i] = memberOut(m)
	}
	return out, nil
}

func (s *Server) GetMember(ctx context.Context, r GetMemberRequestObject) (GetMemberResponseObject, error) {
	m, err := s.ws.GetMember(ctx, principal(ctx), r.Id.String())
	if err != nil {
		return nil, err
	}
	return GetMember200JSONResponse(memberOut(m)), nil
}

func (s *Server) UpdateMember(ctx context.Context, r UpdateMemberRequestObject) (UpdateMemberResponseObject, error) {
	m, err := s.ws.SetRole(ctx, principal(ctx), r.Id.String(), ptr((*string)(r.Body.Role)))
	if err != nil {
		return nil, err
	}
	return UpdateMember200JSONResponse(memberOut(m)), nil
}

func (s *Server) DeleteMember(ctx context.Context, r DeleteMemberRequestObject) (DeleteMemberResponseObject, error) {
	if err := s.ws.RemoveMember(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteMember204Response{}, nil
}

func (s *Server) ListInvites(ctx context.Context, r ListInvitesRequestObject) (ListInvitesResponseObject, error) {
	page, err := s.ws.ListInvites(ctx, principal(ctx), listQuery(r.Params.Limit, r.Params.Cursor, "", nil))
	if err != nil {
		return nil, err
	}
	out := ListInvites200JSONResponse{Data: make([]Invite, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, inv := range page.Items {
		out.Data[i] = inviteOut(inv)
	}
	return out, nil
}

func (s *Server) CreateInvite(ctx context.Context, r CreateInviteRequestObject) (CreateInviteResponseObject, error) {
	res, err := s.ws.CreateInvite(ctx, principal(ctx), r.Body.Email, string(r.Body.Role))
	if err != nil {
		return nil, err
	}
	out := inviteOut(res.Invite)
	out.Token = &res.Token
	return CreateInvite201JSONResponse{Body: out, Headers: CreateInvite201ResponseHeaders{Location: location("/api/v1/invites/" + res.ID)}}, nil
}

func (s *Server) DeleteInvite(ctx context.Context, r DeleteInviteRequestObject) (DeleteInviteResponseObject, error) {
	if err := s.ws.DeleteInvite(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteInvite204Response{}, nil
}
