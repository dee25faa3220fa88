package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/crm"
)

func contactOut(c crm.Contact) Contact {
	return Contact{
		Id: uid(c.ID), Email: wire(c.Email), FirstName: c.FirstName, LastName: c.LastName, Phone: wire(c.Phone),
		JobTitle: wire(c.JobTitle), AccountId: wireID(c.AccountID), FirstTouch: firstTouchOut(c.FirstTouch), CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
}

func contactIn(b ContactCreate) crm.ContactInput {
	return crm.ContactInput{
		Email: optional(b.Email), FirstName: ptr(b.FirstName), LastName: ptr(b.LastName),
		Phone: optional(b.Phone), JobTitle: optional(b.JobTitle), AccountID: optionalID(b.AccountId),
	}
}

func (s *Server) ListContacts(ctx context.Context, r ListContactsRequestObject) (ListContactsResponseObject, error) {
	p := r.Params
	f := crm.ContactFilter{ListQuery: listQuery(p.Limit, p.Cursor, sortOf(p.Sort), p.UpdatedSince), AccountID: strOrEmpty(p.AccountId)}
	if p.Q != nil {
		f.Q = *p.Q
	}
	if p.Email != nil {
		f.Email = *p.Email
	}
	page, err := s.crm.ListContacts(ctx, principal(ctx), f)
	if err != nil {
		return nil, err
	}
	return contactPage{items: page.Items, next: page.NextCursor}, nil
}

func (s *Server) CreateContact(ctx context.Context, r CreateContactRequestObject) (CreateContactResponseObject, error) {
	c, err := s.crm.CreateContact(ctx, principal(ctx), contactIn(*r.Body))
	if err != nil {
		return nil, err
	}
	return CreateContact201JSONResponse{Body: contactOut(c), Headers: CreateContact201ResponseHeaders{Location: location("/api/v1/contacts/" + c.ID)}}, nil
}

func (s *Server) GetContact(ctx context.Context, r GetContactRequestObject) (GetContactResponseObject, error) {
	c, err := s.crm.GetContact(ctx, principal(ctx), r.Id.String())
	if err != nil {
		return nil, err
	}
	return GetContact200JSONResponse(contactOut(c)), nil
}

func (s *Server) UpdateContact(ctx context.Context, r UpdateContactRequestObject) (UpdateContactResponseObject, error) {
	c, err := s.crm.UpdateContact(ctx, principal(ctx), r.Id.String(), contactIn(*r.Body))
	if err != nil {
		return nil, err
	}
	return UpdateContact200JSONResponse(contactOut(c)), nil
}

func (s *Server) DeleteContact(ctx context.Context, r DeleteContactRequestObject) (DeleteContactResponseObject, error) {
	if err := s.crm.DeleteContact(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteContact204Response{}, nil
}

func (s *Server) GetContactTimeline(ctx context.Context, r GetContactTimelineRequestObject) (GetContactTimelineResponseObject, error) {
	out, err := s.timeline(ctx, "contact", r.Id.String(), r.Params.Limit, r.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return GetContactTimeline200JSONResponse{TimelineJSONResponse(out)}, nil
}
