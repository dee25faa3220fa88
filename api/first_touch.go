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
	return nullable.NewNullableWithValue(FirstTouch{
		Channel: Channel(deref(f.Channel)), Source: deref(f.Source), Medium: deref(f.Medium), Campaign: deref(f.Campaign),
		LandingPage: deref(f.LandingPage), DeviceType: deref(f.DeviceType), OccurredAt: f.OccurredAt.UTC(),
	})
}
