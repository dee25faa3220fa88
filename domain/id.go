package domain

import (
	"time"

	"github.com/google/uuid"
)

// NewID returns a UUIDv7: time-ordered, so new rows append to indexes and ids sort by creation.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// ValidID reports whether s is a canonical UUID; ids from clients are checked
// before they reach a query so both databases answer the same.
func ValidID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

// Now is the wall clock in UTC at microsecond precision, the precision both
// databases keep, so a value read back equals the value written.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
