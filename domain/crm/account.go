package crm

import (
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/idna"

	"github.com/onefunnel/onefunnel/domain"
)

// Account is a company. Its domain is unique in the workspace and matches
// contacts by email domain.
type Account struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Name        string
	Domain      *string
	ExternalID  *string   // the groupId tracking's group calls know it by
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt   time.Time `gorm:"autoUpdateTime:false"`
}

// AccountInput is what a client may set on an account.
type AccountInput struct {
	Name   domain.Optional[string]
	Domain domain.Optional[string]
}

// AccountFilter narrows a list of accounts.
type AccountFilter struct {
	domain.ListQuery
	Q      string
	Domain string
}

// NormalizeDomain lower-cases a domain and strips a scheme, "www." and any path,
// so "https://www.Acme.com/about" and "acme.com" are the same account.
func NormalizeDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(s, "www.")
	return strings.TrimSuffix(s, ".")
}

// hostLabels is a DNS name of two or more labels in ASCII (IDNs in punycode).
var hostLabels = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// hostname turns a domain into its ASCII form (bücher.de → xn--bcher-kva.de) and
// checks it is a DNS name, so a domain never carries markup or spaces.
func hostname(d string) (string, bool) {
	ascii, err := idna.Lookup.ToASCII(d)
	if err != nil || len(ascii) > 253 || !hostLabels.MatchString(ascii) {
		return d, false
	}
	return ascii, true
}

func validateAccount(in *AccountInput, creating bool) error {
	v := &domain.ValidationError{}
	if in.Name.Set || creating {
		in.Name.Value = domain.CheckName(v, "name", in.Name.Value)
	}
	if in.Domain.Set && !in.Domain.Null {
		d, ok := hostname(NormalizeDomain(in.Domain.Value))
		if !ok {
			v.Add("domain", "invalid_domain", "must be a domain name such as acme.com")
		}
		in.Domain.Value = d
	}
	return v.Err()
}
