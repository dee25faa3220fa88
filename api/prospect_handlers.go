package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

func prospectOut(p crm.Prospect) Prospect {
	out := Prospect{
		Id: uid(p.ID), Title: p.Title, AccountId: wireID(p.AccountID), OwnerId: wireID(p.OwnerID), StageId: uid(p.StageID),
		Phase: Phase(p.Phase), Amount: p.Amount, Currency: p.Currency, ExpectedCloseDate: wireDate(p.ExpectedCloseDate),
		Status: ProspectStatus(p.Status), LostReason: wire(p.LostReason), StageEnteredAt: p.StageEnteredAt,
		ClosedAt: wire(p.ClosedAt), FirstTouch: firstTouchOut(p.FirstTouch), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
		ContactIds: make([]ID, len(p.Contacts)), Contacts: make([]ProspectContact, len(p.Contacts)),
	}
	for i, c := range p.Contacts {
		role := ContactRole(c.Role)
		out.ContactIds[i] = uid(c.ContactID)
		out.Contacts[i] = ProspectContact{ContactId: uid(c.ContactID), Role: &role}
	}
	return out
}

// contactsIn merges the contacts list and the contact_ids shorthand (role "other").
func contactsIn(list *[]ProspectContact, idList *[]ID) domain.Optional[[]crm.ProspectContact] {
	if list == nil && idList == nil {
		return domain.Optional[[]crm.ProspectContact]{}
	}
	var out []crm.ProspectContact
	seen := map[string]bool{}
	if list != nil {
		for _, c := range *list {
			pc := crm.ProspectContact{ContactID: c.ContactId.String()}
			if c.Role != nil {
				pc.Role = crm.ContactRole(*c.Role)
			}
			out, seen[pc.ContactID] = append(out, pc), true
		}
	}
	if idList != nil {
		for _, id := range *idList {
			if !seen[id.String()] {
				out, seen[id.String()] = append(out, crm.ProspectContact{ContactID: id.String()}), true
			}
		}
	}
	return domain.Some(out)
}

func (s *Server) ListProspects(ctx context.Context, r ListProspectsRequestObject) (ListProspectsResponseObject, error) {
	p := r.Params
	f := crm.ProspectFilter{
		ListQuery: listQuery(p.Limit, p.Cursor, sortOf(p.Sort), p.UpdatedSince),
		StageID:   strOrEmpty(p.StageId), ContactID: strOrEmpty(p.ContactId), AccountID: strOrEmpty(p.AccountId), OwnerID: strOrEmpty(p.OwnerId),
	}
	if p.Q != nil {
		f.Q = *p.Q
	}
	if p.Status != nil {
		f.Status = crm.Status(*p.Status)
	}
	page, err := s.crm.ListProspects(ctx, principal(ctx), f)
	if err != nil {
		return nil, err
	}
	out := ListProspects200JSONResponse{Data: make([]Prospect, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, pr := range page.Items {
		out.Data[i] = prospectOut(pr)
	}
	return out, nil
}

func (s *Server) CreateProspect(ctx context.Context, r CreateProspectRequestObject) (CreateProspectResponseObject, error) {
	b := r.Body
	in := crm.ProspectInput{
		Title: ptr(&b.Title), AccountID: optionalID(b.AccountId), OwnerID: optionalID(b.OwnerId), StageID: ptrID(b.StageId),
		Amount: ptr(b.Amount), Currency: ptr(b.Currency), ExpectedCloseDate: optionalDate(b.ExpectedCloseDate),
		Contacts: contactsIn(b.Contacts, b.ContactIds), CreatedAt: ptr(b.CreatedAt),
	}
	pr, err := s.crm.CreateProspect(ctx, principal(ctx), in)
	if err != nil {
		return nil, err
	}
	return CreateProspect201JSONResponse{Body: prospectOut(pr), Headers: CreateProspect201ResponseHeaders{Location: location("/api/v1/prospects/" + pr.ID)}}, nil
}

func (s *Server) GetProspect(ctx context.Context, r GetProspectRequestObject) (GetProspectResponseObject, error) {
	pr, err := s.crm.GetProspect(ctx, principal(ctx), r.Id.String())
	if err != nil {
		return nil, err
	}
	return GetProspect200JSONResponse(prospectOut(pr)), nil
}

func (s *Server) UpdateProspect(ctx context.Context, r UpdateProspectRequestObject) (UpdateProspectResponseObject, error) {
	b := r.Body
	in := crm.ProspectInput{
		Title: ptr(b.Title), AccountID: optionalID(b.AccountId), OwnerID: optionalID(b.OwnerId),
		Amount: ptr(b.Amount), Currency: ptr(b.Currency), ExpectedCloseDate: optionalDate(b.ExpectedCloseDate),
		LostReason: optional(b.LostReason), Contacts: contactsIn(b.Contacts, b.ContactIds),
	}
	pr, err := s.crm.UpdateProspect(ctx, principal(ctx), r.Id.String(), in)
	if err != nil {
		return nil, err
	}
	return UpdateProspect200JSONResponse(prospectOut(pr)), nil
}

func (s *Server) DeleteProspect(ctx context.Context, r DeleteProspectRequestObject) (DeleteProspectResponseObject, error) {
	if err := s.crm.DeleteProspect(ctx, principal(ctx), r.Id.String()); err != nil {
		return nil, err
	}
	return DeleteProspect204Response{}, nil
}

func stageChangeOut(sc crm.StageChange) StageChange {
	return StageChange{
		Id: uid(sc.ID), ProspectId: uid(sc.ProspectID), FromStageId: wireID(sc.FromStageID), ToStageId: uid(sc.ToStageID),
		ChangedAt: sc.ChangedAt, ChangedByKind: StageChangeChangedByKind(sc.ChangedByKind), ChangedById: wireID(sc.ChangedByID),
	}
}

func (s *Server) MoveProspect(ctx context.Context, r MoveProspectRequestObject) (MoveProspectResponseObject, error) {
	in := crm.MoveInput{StageID: r.Body.StageId.String(), OccurredAt: ptr(r.Body.OccurredAt), Amount: ptr(r.Body.Amount)}
	if r.Body.LostReason != nil {
		in.LostReason = *r.Body.LostReason
	}
	sc, err := s.crm.MoveProspect(ctx, principal(ctx), r.Id.String(), in)
	if err != nil {
		return nil, err
	}
	loc := "/api/v1/prospects/" + sc.ProspectID + "/stage-changes"
	return MoveProspect201JSONResponse{Body: stageChangeOut(sc), Headers: MoveProspect201ResponseHeaders{Location: &loc}}, nil
}

func (s *Server) ListStageChanges(ctx context.Context, r ListStageChangesRequestObject) (ListStageChangesResponseObject, error) {
	page, err := s.crm.ListStageChanges(ctx, principal(ctx), r.Id.String(), listQuery(r.Params.Limit, r.Params.Cursor, "", nil))
	if err != nil {
		return nil, err
	}
	out := ListStageChanges200JSONResponse{Data: make([]StageChange, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, sc := range page.Items {
		out.Data[i] = stageChangeOut(sc)
	}
	return out, nil
}

func (s *Server) GetProspectTimeline(ctx context.Context, r GetProspectTimelineRequestObject) (GetProspectTimelineResponseObject, error) {
	out, err := s.timeline(ctx, "prospect", r.Id.String(), r.Params.Limit, r.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return GetProspectTimeline200JSONResponse{TimelineJSONResponse(out)}, nil
}
