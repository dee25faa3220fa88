package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

func stageOut(st crm.Stage) Stage {
	return Stage{Id: uid(st.ID), Name: st.Name, Phase: Phase(st.Phase), Position: st.Position, CreatedAt: st.CreatedAt, UpdatedAt: st.UpdatedAt}
}

func (s *Server) ListStages(ctx context.Context, _ ListStagesRequestObject) (ListStagesResponseObject, error) {
	stages, err := s.crm.ListStages(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	out := ListStages200JSONResponse{Data: make([]Stage, len(stages)), NextCursor: cursorOut("")}
	for i, st := range stages {
		out.Data[i] = stageOut(st)
	}
	return out, nil
}

func (s *Server) CreateStage(ctx context.Context, r CreateStageRequestObject) (CreateStageResponseObject, error) {
	in := crm.StageInput{Name: domain.Some(r.Body.Name), Phase: domain.Some(crm.Phase(r.Body.Phase)), Position: ptr(r.Body.Position)}
	st, err := s.crm.CreateStage(ctx, principal(ctx), in)
	if err != nil {
		return nil, err
	}
	return CreateStage201JSONResponse{Body: stageOut(st), Headers: CreateStage201ResponseHeaders{Location: location("/api/v1/stages/" + st.ID)}}, nil
}

func (s *Server) GetStage(ctx context.Context, r GetStageRequestObject) (GetStageResponseObject, error) {
	st, err := s.crm.GetStage(ctx, principal(ctx), r.Id.String())
	if err != nil {
		return nil, err
	}
	return GetStage200JSONResponse(stageOut(st)), nil
}

func (s *Server) UpdateStage(ctx context.Context, r UpdateStageRequestObject) (UpdateStageResponseObject, error) {
	st, err := s.crm.UpdateStage(ctx, principal(ctx), r.Id.String(), crm.StageInput{Name: ptr(r.Body.Name), Position: ptr(r.Body.Position)})
	if err != nil {
		return nil, err
	}
	return UpdateStage200JSONResponse(stageOut(st)), nil
}

func (s *Server) DeleteStage(ctx context.Context, r DeleteStageRequestObject) (DeleteStageResponseObject, error) {
	if err := s.crm.DeleteStage(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteStage204Response{}, nil
}
