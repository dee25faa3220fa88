package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

func eventMapOut(m []tracking.EventMapping) EventMap {
	out := EventMap{Entries: make([]EventMapping, len(m))}
	for i, e := range m {
		source := EventMappingDefault
		if e.Custom {
			source = EventMappingCustom
		}
		out.Entries[i] = EventMapping{Event: e.Event, Type: TouchpointType(e.Type), Source: source}
	}
	return out
}

func (s *Server) GetEventMap(ctx context.Context, _ GetEventMapRequestObject) (GetEventMapResponseObject, error) {
	m, err := s.eventMaps.Get(ctx, principal(ctx))
	if err != nil {
		return nil, err
	}
	return GetEventMap200JSONResponse(eventMapOut(m)), nil
}

func (s *Server) ReplaceEventMap(ctx context.Context, r ReplaceEventMapRequestObject) (ReplaceEventMapResponseObject, error) {
	custom := make([]tracking.EventMapping, len(r.Body.Entries))
	for i, e := range r.Body.Entries {
		custom[i] = tracking.EventMapping{Event: e.Event, Type: tracking.TouchpointType(e.Type)}
	}
	m, err := s.eventMaps.Replace(ctx, principal(ctx), custom)
	if err != nil {
		return nil, err
	}
	return ReplaceEventMap200JSONResponse(eventMapOut(m)), nil
}
