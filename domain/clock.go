package domain

import "time"

// MaxFutureSkew is how far ahead of our clock a client may date something
// that happened (a touchpoint, an imported stage change): a clock a little
// fast is forgiven, an event that has not happened yet is refused (it would
// lead every timeline and skew report windows).
const MaxFutureSkew = 5 * time.Minute

// Earliest returns the earlier of two times.
func Earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// Latest returns the later of two times.
func Latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
