package api

import (
	"github.com/oapi-codegen/nullable"

	"github.com/onefunnel/onefunnel/domain/crm"
)

// firstTouchOut is a recorded first touch, or null for records no tracked
// visit led to.
func firstTouchOut(f crm.FirstTouch) nullable.Nullable[FirstTouch] {
	if !f.Known() {
		return nullable.NewNullNullable[FirstTouch]()
	}
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return nullable.NewNullableWithValue(FirstTouch{
		Channel: Channel(s(f.Channel)), Source: s(f.Source), Medium: s(f.Medium), Campaign: s(f.Campaign),
		LandingPage: s(f.LandingPage), DeviceType: s(f.DeviceType), OccurredAt: f.OccurredAt.UTC(),
	})
}
