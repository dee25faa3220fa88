package domain

import "time"

// MaxPageSize bounds every list (SECURITY.md); DefaultPageSize applies when none is asked.
const (
	MaxPageSize     = 200
	DefaultPageSize = 50
)

// ListQuery is what every list endpoint shares: keyset paging, one sort key from
// an allowlist, and delta sync.
type ListQuery struct {
	Limit        int
	Cursor       string
	Sort         string // e.g. "-created_at"; validated by the store's allowlist
	UpdatedSince *time.Time
}

// PageLimit returns the effective page size.
func (q ListQuery) PageLimit() int {
	switch {
	case q.Limit <= 0:
		return DefaultPageSize
	case q.Limit > MaxPageSize:
		return MaxPageSize
	}
	return q.Limit
}

// Page is one page of a list and the cursor of the next ("" when none).
type Page[T any] struct {
	Items      []T
	NextCursor string
}
