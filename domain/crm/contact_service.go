package crm

import (
	"context"
	"strings"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// CreateContact adds a person.
func (s *Service) CreateContact(ctx context.Context, p auth.Principal, in ContactInput) (Contact, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Contact{}, err
	}
	if err := validateContact(&in, true); err != nil {
		return Contact{}, err
	}
	now := s.now()
	c := Contact{
		WorkspaceID: p.WorkspaceID, ID: domain.NewID(), FirstName: in.FirstName.Value, LastName: in.LastName.Value,
		Phone: nonEmpty(in.Phone), JobTitle: nonEmpty(in.JobTitle), AccountID: in.AccountID.Ptr(), CreatedAt: now, UpdatedAt: now,
	}
	if in.Email.Set && !in.Email.Null {
		c.Email = &in.Email.Value
	}
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		if err := s.checkRefs(ctx, p.WorkspaceID, in.AccountID, domain.Optional[string]{}, domain.Optional[string]{}, domain.Optional[string]{}); err != nil {
			return err
		}
		return s.st.Contacts.Create(ctx, &c)
	})
	return c, err
}

// GetContact reads one contact.
func (s *Service) GetContact(ctx context.Context, p auth.Principal, id string) (Contact, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Contact{}, err
	}
	if err := notFoundID(id); err != nil {
		return Contact{}, err
	}
	return s.st.Contacts.Get(ctx, p.WorkspaceID, id)
}

// UpdateContact changes the fields that were sent.
func (s *Service) UpdateContact(ctx context.Context, p auth.Principal, id string, in ContactInput) (Contact, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Contact{}, err
	}
	if err := notFoundID(id); err != nil {
		return Contact{}, err
	}
	if err := validateContact(&in, false); err != nil {
		return Contact{}, err
	}
	var c Contact
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.st.Contacts.Get(ctx, p.WorkspaceID, id); err != nil {
			return err
		}
		if err := s.checkRefs(ctx, p.WorkspaceID, in.AccountID, domain.Optional[string]{}, domain.Optional[string]{}, domain.Optional[string]{}); err != nil {
			return err
		}
		cols := []string{"updated_at"}
		if in.Email.Set {
			c.Email, cols = in.Email.Ptr(), append(cols, "email")
		}
		if in.FirstName.Set {
			c.FirstName, cols = in.FirstName.Value, append(cols, "first_name")
		}
		if in.LastName.Set {
			c.LastName, cols = in.LastName.Value, append(cols, "last_name")
		}
		if in.Phone.Set {
			c.Phone, cols = nonEmpty(in.Phone), append(cols, "phone")
		}
		if in.JobTitle.Set {
			c.JobTitle, cols = nonEmpty(in.JobTitle), append(cols, "job_title")
		}
		if in.AccountID.Set {
			c.AccountID, cols = in.AccountID.Ptr(), append(cols, "account_id")
		}
		c.UpdatedAt = s.now()
		return s.st.Contacts.Update(ctx, &c, cols...)
	})
	return c, err
}

// DeleteContact removes a contact; it leaves the prospects it was on.
func (s *Service) DeleteContact(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionWrite); err != nil {
		return err
	}
	if err := notFoundID(id); err != nil {
		return err
	}
	return s.st.Contacts.Delete(ctx, p.WorkspaceID, id)
}

// ListContacts pages through contacts.
func (s *Service) ListContacts(ctx context.Context, p auth.Principal, f ContactFilter) (domain.Page[Contact], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Contact]{}, err
	}
	f.Email = strings.ToLower(strings.TrimSpace(f.Email))
	return s.st.Contacts.List(ctx, p.WorkspaceID, f)
}

// nonEmpty maps null and "" to no value.
func nonEmpty(o domain.Optional[string]) *string {
	if o.Null || strings.TrimSpace(o.Value) == "" {
		return nil
	}
	v := strings.TrimSpace(o.Value)
	return &v
}
