package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/crm"
)

func activityOut(a crm.Activity) Activity {
	return Activity{
		Id: uid(a.ID), Type: ActivityType(a.Type), Subject: a.Subject, Body: a.Body, OccurredAt: a.OccurredAt,
		DueAt: wire(a.DueAt), Done: a.Done, DoneAt: wire(a.DoneAt), ProspectId: wireID(a.ProspectID),
		ContactId: wireID(a.ContactID), AccountId: wireID(a.AccountID), OwnerId: wireID(a.OwnerID),
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
	}
}

func (s *Server) ListActivities(ctx context.Context, r ListActivitiesRequestObject) (ListActivitiesResponseObject, error) {
	p := r.Params
	f := crm.ActivityFilter{
		ListQuery:  listQuery(p.Limit, p.Cursor, sortOf(p.Sort), p.UpdatedSince),
		ProspectID: strOrEmpty(p.ProspectId), ContactID: strOrEmpty(p.ContactId), AccountID: strOrEmpty(p.AccountId),
		OwnerID: strOrEmpty(p.OwnerId), Done: p.Done, DueBefore: p.DueBefore,
	}
	if p.Type != nil {
		f.Type = crm.ActivityType(*p.Type)
	}
	page, err := s.crm.ListActivities(ctx, principal(ctx), f)
	if err != nil {
		return nil, err
	}
	out := ListActivities200JSONResponse{Data: make([]Activity, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, a := range page.Items {
		out.Data[i] = activityOut(a)
	}
	return out, nil
}

func (s *Server) CreateActivity(ctx context.Context, r CreateActivityRequestObject) (CreateActivityResponseObject, error) {
	b := r.Body
	t := crm.ActivityType(b.Type)
	in := crm.ActivityInput{
		Type: ptr(&t), Subject: ptr(b.Subject), Body: ptr(b.Body), OccurredAt: ptr(b.OccurredAt), DueAt: optional(b.DueAt),
		Done: ptr(b.Done), ProspectID: optionalID(b.ProspectId), ContactID: optionalID(b.ContactId),
		AccountID: optionalID(b.AccountId), OwnerID: optionalID(b.OwnerId),
	}
	a, err := s.crm.CreateActivity(ctx, principal(ctx), in)
	if err != nil {
		return nil, err
	}
	return CreateActivity201JSONResponse{Body: activityOut(a), Headers: CreateActivity201ResponseHeaders{Location: location("/api/v1/activities/" + a.ID)}}, nil
}

func (s *Server) GetActivity(ctx context.Context, r GetActivityRequestObject) (GetActivityResponseObject, error) {
	a, err := s.crm.GetActivity(ctx, principal(ctx), r.Id.String())
	if err != nil {
		return nil, err
	}
	return GetActivity200JSONResponse(activityOut(a)), nil
}

func (s *Server) UpdateActivity(ctx context.Context, r UpdateActivityRequestObject) (UpdateActivityResponseObject, error) {
	b := r.Body
	in := crm.ActivityInput{
		Subject: ptr(b.Subject), Body: ptr(b.Body), OccurredAt: ptr(b.OccurredAt), DueAt: optional(b.DueAt),
		Done: ptr(b.Done), OwnerID: optionalID(b.OwnerId),
	}
	a, err := s.crm.UpdateActivity(ctx, principal(ctx), r.Id.String(), in)
	if err != nil {
		return nil, err
	}
	return UpdateActivity200JSONResponse(activityOut(a)), nil
}

func (s *Server) DeleteActivity(ctx context.Context, r DeleteActivityRequestObject) (DeleteActivityResponseObject, error) {
	if err := s.crm.DeleteActivity(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteActivity204Response{}, nil
}
