package crm

import (
	"time"

	"context"
	"errors"
	"fmt"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// Service is the CRM's use cases. Every method takes the caller's principal,
// checks its permission and scopes all reads and writes to its workspace.
type Service struct {
	st  Stores
	now func() time.Time
}

// New returns a Service over the given stores.
func New(st Stores) *Service { return &Service{st: st, now: domain.Now} }

// actor is who a principal is, for stage changes and created_by.
func actor(p auth.Principal) Actor {
	if p.IsAPIKey() {
		return Actor{Kind: ActorAPIKey, ID: p.APIKeyID}
	}
	return Actor{Kind: ActorMember, ID: p.MemberID}
}

// refMissing turns a reference that does not resolve in the workspace into a
// field error, so an id from another workspace looks exactly like a made-up one.
func refMissing(err error, field string) error {
	if errors.Is(err, domain.ErrNotFound) {
		return domain.Invalid(field, "not_found", "no such record in this workspace")
	}
	return err
}

// checkRefs verifies that the account, contact, owner and prospect references exist in ws.
func (s *Service) checkRefs(ctx context.Context, ws string, account, owner, prospect, contact domain.Optional[string]) error {
	if account.Set && !account.Null {
		if _, err := s.st.Accounts.Get(ctx, ws, account.Value); err != nil {
			return refMissing(err, "account_id")
		}
	}
	if contact.Set && !contact.Null {
		if _, err := s.st.Contacts.Get(ctx, ws, contact.Value); err != nil {
			return refMissing(err, "contact_id")
		}
	}
	if prospect.Set && !prospect.Null {
		if _, err := s.st.Prospects.Get(ctx, ws, prospect.Value); err != nil {
			return refMissing(err, "prospect_id")
		}
	}
	if owner.Set && !owner.Null {
		ok, err := s.st.Members.MemberExists(ctx, ws, owner.Value)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Invalid("owner_id", "not_found", "no such member in this workspace")
		}
	}
	return nil
}

// notFoundID guards ids from the path: a malformed one is simply not found.
func notFoundID(id string) error {
	if !domain.ValidID(id) {
		return fmt.Errorf("id %q: %w", id, domain.ErrNotFound)
	}
	return nil
}
