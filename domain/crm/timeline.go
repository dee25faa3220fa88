package crm

import (
	"time"

	"github.com/onefunnel/onefunnel/domain/marketing"
)

// TimelineKind names what a timeline item holds. Chat adds kinds later.
type TimelineKind string

const (
	TimelineActivity    TimelineKind = "activity"
	TimelineStageChange TimelineKind = "stage_change"
	TimelineTouchpoint  TimelineKind = "touchpoint"
	TimelineSession     TimelineKind = "session"
	TimelineEvent       TimelineKind = "event"
	TimelineMerge       TimelineKind = "merge"
)

// TimelineItem is one entry of a record's history.
type TimelineItem struct {
	Kind        TimelineKind
	ID          string
	OccurredAt  time.Time
	Activity    *Activity
	StageChange *StageChange
	Touchpoint  *marketing.Touchpoint
	Session     *Visit
	Event       *TrackedEvent
	Merge       *Merge
}

// Visit is a tracked website or app session of a contact, with the pages it saw.
type Visit struct {
	ID          string
	AnonymousID string // the visitor whose session it is
	StartedAt   time.Time
	LastAt      time.Time
	Channel     string
	Source      string
	Medium      string
	Campaign    string
	LandingPage string
	DeviceType  string
	PageViews   int
	Pages       []PageView
}

// VisitPages caps the page views a timeline session carries: a long visit
// is summarised by PageViews, not listed in full.
const VisitPages = 50

// PageView is one page (or app screen) seen during a visit.
type PageView struct {
	URL   string
	Title string
	At    time.Time
}

// TrackedEvent is a track call of one of a contact's visitors.
type TrackedEvent struct {
	ID         string
	Event      string
	Timestamp  time.Time
	Properties map[string]any
}

// TimelineSubject names whose timeline is asked for.
type TimelineSubject struct {
	Kind string // "account", "contact" or "prospect"
	ID   string
}

// TimelineCursor is where the previous page stopped: items strictly older than
// (OccurredAt, ID) come next.
type TimelineCursor struct {
	OccurredAt time.Time
	ID         string
}

// Before reports whether item a comes after b on a newest-first timeline.
func Before(a, b TimelineItem) bool {
	if !a.OccurredAt.Equal(b.OccurredAt) {
		return a.OccurredAt.After(b.OccurredAt)
	}
	return a.ID > b.ID
}
