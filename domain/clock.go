package domain

import "time"

// MaxFutureSkew is how far ahead of our clock a client may date something
// that happened (a touchpoint, an imported stage change): a clock a little
// fast is forgiven, an event that has not happened yet is refused (it would
// lead every timeline and skew report windows).
const MaxFutureSkew = 5 * time.Minute
