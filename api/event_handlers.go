package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

func eventOut(ev tracking.Event) Event {
	return Event{
		Id: uid(ev.ID), Type: EventType(ev.Type), Event: ev.Event, AnonymousId: ev.AnonymousID, UserId: ev.UserID,
		Timestamp: ev.Timestamp, ReceivedAt: ev.ReceivedAt,
	}
}

func (s *Server) ListEvents(ctx context.Context, r ListEventsRequestObject) (ListEventsResponseObject, error) {
	f := tracking.EventFilter{ListQuery: listQuery(r.Params.Limit, r.Params.Cursor, "", nil)}
	if r.Params.AnonymousId != nil {
		f.AnonymousID = *r.Params.AnonymousId
	}
	page, err := s.events.List(ctx, principal(ctx), f)
	if err != nil {
		return nil, err
	}
	out := ListEvents200JSONResponse{Data: make([]Event, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, ev := range page.Items {
		out.Data[i] = eventOut(ev)
	}
	return out, nil
}
