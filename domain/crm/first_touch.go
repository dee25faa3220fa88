package crm

import "time"

// FirstTouch is how a contact or prospect first arrived, copied from the
// visitor's first tracked session. The event processor writes it once and
// nothing changes it after (DESIGN.md: the first touch is immutable); it is
// empty (OccurredAt nil) for records nobody tracked.
type FirstTouch struct {
	Channel     *string
	Source      *string
	Medium      *string
	Campaign    *string
	LandingPage *string
	DeviceType  *string
	OccurredAt  *time.Time
}

// Known reports whether a first touch was recorded.
func (f FirstTouch) Known() bool { return f.OccurredAt != nil }
