package marketing

import (
	"errors"
	"fmt"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// Service is marketing's use cases. Every method takes the caller's
// principal, checks its permission and scopes all reads and writes to its
// workspace.
type Service struct {
	st  Stores
	now func() time.Time
}

// New returns a Service over the given stores.
func New(st Stores) *Service { return &Service{st: st, now: domain.Now} }

// notFoundID guards ids from the path: a malformed one is simply not found.
func notFoundID(ids ...string) error {
	for _, id := range ids {
		if !domain.ValidID(id) {
			return fmt.Errorf("id %q: %w", id, domain.ErrNotFound)
		}
	}
	return nil
}

// refMissing turns a reference that does not resolve in the workspace into a
// field error, so an id from another workspace looks exactly like a made-up one.
func refMissing(err error, field string) error {
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Invalid(field, "not_found", "no such record in this workspace")
	}
	return err
}
