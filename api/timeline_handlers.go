package api

import (
	"context"

	"github.com/onefunnel/onefunnel/domain/crm"
)

// timeline serves the three record timelines through one code path.
func (s *Server) timeline(ctx context.Context, kind, id string, limit *int, cursor *string) (TimelineList, error) {
	page, err := s.crm.Timeline(ctx, principal(ctx), crm.TimelineSubject{Kind: kind, ID: id}, listQuery(limit, cursor, "", nil))
	if err != nil {
		return TimelineList{}, err
	}
	out := TimelineList{Data: make([]TimelineItem, len(page.Items)), NextCursor: cursorOut(page.NextCursor)}
	for i, it := range page.Items {
		item := TimelineItem{Kind: TimelineItemKind(it.Kind), OccurredAt: it.OccurredAt}
		if it.Activity != nil {
			a := activityOut(*it.Activity)
			item.Activity = &a
		}
		if it.StageChange != nil {
			sc := stageChangeOut(*it.StageChange)
			item.StageChange = &sc
		}
		if it.Touchpoint != nil {
			tp := touchpointOut(*it.Touchpoint)
			item.Touchpoint = &tp
		}
		if it.Session != nil {
			v := visitOut(*it.Session)
			item.Session = &v
		}
		if it.Event != nil {
			ev := it.Event
			props := ev.Properties
			if props == nil {
				props = map[string]any{}
			}
			item.Event = &TimelineEvent{Id: uid(ev.ID), Event: ev.Event, Timestamp: ev.Timestamp, Properties: props}
		}
		if it.Merge != nil {
			m := mergeOut(*it.Merge)
			item.Merge = &m
		}
		out.Data[i] = item
	}
	return out, nil
}

func mergeOut(m crm.Merge) TimelineMerge {
	return TimelineMerge{
		Id: uid(m.ID), MergedContactId: uid(m.MergedID), Reason: TimelineMergeReason(m.Reason),
		Email: wire(nonEmptyPtr(m.Email)), UserId: wire(nonEmptyPtr(m.UserID)), Name: m.Name,
	}
}

// nonEmptyPtr is nil for "", for fields that are null when empty.
func nonEmptyPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func visitOut(v crm.Visit) TimelineSession {
	pages := make([]TimelinePage, len(v.Pages))
	for i, p := range v.Pages {
		pages[i] = TimelinePage{Url: p.URL, Title: p.Title, At: p.At}
	}
	return TimelineSession{
		Id: uid(v.ID), StartedAt: v.StartedAt, LastAt: v.LastAt, Channel: v.Channel, Source: v.Source, Medium: v.Medium,
		Campaign: v.Campaign, LandingPage: v.LandingPage, DeviceType: v.DeviceType, PageViews: v.PageViews, Pages: pages,
	}
}

// sortOf reads any generated sort enum as its string.
func sortOf[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}
