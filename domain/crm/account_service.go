package crm

import (
	"context"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// CreateAccount adds a company.
func (s *Service) CreateAccount(ctx context.Context, p auth.Principal, in AccountInput) (Account, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Account{}, err
	}
	if err := validateAccount(&in, true); err != nil {
		return Account{}, err
	}
	now := s.now()
	a := Account{WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Name: in.Name.Value, Domain: in.Domain.Ptr(), CreatedAt: now, UpdatedAt: now}
	return a, s.st.Accounts.Create(ctx, &a)
}

// GetAccount reads one account.
func (s *Service) GetAccount(ctx context.Context, p auth.Principal, id string) (Account, error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return Account{}, err
	}
	if err := notFoundID(id); err != nil {
		return Account{}, err
	}
	return s.st.Accounts.Get(ctx, p.WorkspaceID, id)
}

// UpdateAccount changes the fields that were sent.
func (s *Service) UpdateAccount(ctx context.Context, p auth.Principal, id string, in AccountInput) (Account, error) {
	if err := p.Can(auth.ActionWrite); err != nil {
		return Account{}, err
	}
	if err := notFoundID(id); err != nil {
		return Account{}, err
	}
	if err := validateAccount(&in, false); err != nil {
		return Account{}, err
	}
	var a Account
	err := s.st.Tx.Tx(ctx, func(ctx context.Context) error {
		var err error
		if a, err = s.st.Accounts.Get(ctx, p.WorkspaceID, id); err != nil {
			return err
		}
		cols := []string{"updated_at"}
		if in.Name.Set {
			a.Name, cols = in.Name.Value, append(cols, "name")
		}
		if in.Domain.Set {
			a.Domain, cols = in.Domain.Ptr(), append(cols, "domain")
		}
		a.UpdatedAt = s.now()
		return s.st.Accounts.Update(ctx, &a, cols...)
	})
	return a, err
}

// DeleteAccount removes an account; its contacts, prospects and activities stay, unlinked.
func (s *Service) DeleteAccount(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionWrite); err != nil {
		return err
	}
	if err := notFoundID(id); err != nil {
		return err
	}
	return s.st.Accounts.Delete(ctx, p.WorkspaceID, id)
}

// ListAccounts pages through accounts.
func (s *Service) ListAccounts(ctx context.Context, p auth.Principal, f AccountFilter) (domain.Page[Account], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[Account]{}, err
	}
	if f.Domain != "" {
		f.Domain = NormalizeDomain(f.Domain)
	}
	return s.st.Accounts.List(ctx, p.WorkspaceID, f)
}
