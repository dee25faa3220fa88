package crm

import (
	"context"
	"encoding/base64"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// Timeline returns a record's merged history, newest first, one page at a time.
// The record must exist in the caller's workspace.
func (s *Service) Timeline(ctx context.Context, p auth.Principal, subject TimelineSubject, q domain.ListQuery) (domain.Page[TimelineItem], error) {
	var page domain.Page[TimelineItem]
	if err := p.Can(auth.ActionRead); err != nil {
		return page, err
	}
	if err := notFoundID(subject.ID); err != nil {
		return page, err
	}
	var err error
	switch subject.Kind {
	case "account":
		_, err = s.st.Accounts.Get(ctx, p.WorkspaceID, subject.ID)
	case "contact":
		_, err = s.st.Contacts.Get(ctx, p.WorkspaceID, subject.ID)
	case "prospect":
		_, err = s.st.Prospects.Get(ctx, p.WorkspaceID, subject.ID)
	default:
		err = domain.ErrNotFound
	}
	if err != nil {
		return page, err
	}
	after, err := DecodeTimelineCursor(q.Cursor)
	if err != nil {
		return page, err
	}
	limit := q.PageLimit()
	items, err := s.st.Timeline.Timeline(ctx, p.WorkspaceID, subject, after, limit+1)
	if err != nil {
		return page, err
	}
	if len(items) > limit {
		items = items[:limit]
		last := items[limit-1]
		page.NextCursor = EncodeTimelineCursor(TimelineCursor{OccurredAt: last.OccurredAt, ID: last.ID})
	}
	page.Items = items
	return page, nil
}

// MergeTimeline merges newest-first sources into one newest-first list of at most limit items.
func MergeTimeline(limit int, sources ...[]TimelineItem) []TimelineItem {
	out := make([]TimelineItem, 0, limit)
	idx := make([]int, len(sources))
	for len(out) < limit {
		best := -1
		for i, src := range sources {
			if idx[i] < len(src) && (best < 0 || Before(src[idx[i]], sources[best][idx[best]])) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out = append(out, sources[best][idx[best]])
		idx[best]++
	}
	return out
}

// EncodeTimelineCursor makes an opaque cursor.
func EncodeTimelineCursor(c TimelineCursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.OccurredAt.UTC().Format(time.RFC3339Nano) + "|" + c.ID))
}

// DecodeTimelineCursor reads a cursor; "" means the first page.
func DecodeTimelineCursor(s string) (*TimelineCursor, error) {
	if s == "" {
		return nil, nil //nolint:nilnil // no cursor is the first page, not an error
	}
	bad := domain.Invalid("cursor", "invalid_cursor", "the cursor is not one this API issued")
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	at, id, ok := strings.Cut(string(raw), "|")
	t, err := time.Parse(time.RFC3339Nano, at)
	if !ok || err != nil || !domain.ValidID(id) {
		return nil, bad
	}
	return &TimelineCursor{OccurredAt: t, ID: id}, nil
}
