package tracking

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// GroupFacts are what a group call says about its account: the groupId the
// customer's product knows it by, and the name and company domain of its
// traits ("" when not said).
type GroupFacts struct {
	GroupID string
	Name    string
	Domain  string
}

// groupFacts reads a group call: the domain is the registrable part of
// traits.website, else traits.domain.
func groupFacts(m Message) GroupFacts {
	g := GroupFacts{GroupID: clip(strings.TrimSpace(m.GroupID), domain.MaxNameLen), Name: clip(strings.TrimSpace(str(m.Traits["name"])), domain.MaxNameLen)}
	site := str(m.Traits["website"])
	if site == "" {
		site = str(m.Traits["domain"])
	}
	if host := normHost(hostOf(site)); host != "" && strings.Contains(host, ".") {
		g.Domain = registrable(host)
	}
	return g
}

// NewAccountName names the account a group call creates: its name, else
// its domain, else its groupId.
func (g GroupFacts) NewAccountName() string {
	for _, s := range []string{g.Name, g.Domain, g.GroupID} {
		if s != "" {
			return s
		}
	}
	return ""
}

// GroupFill is what a group call adds to the account it names. The traits
// fill what the account lacks and never overwrite what someone set: the name
// is replaced only while it is a stand-in (the groupId or the domain it was
// created with), the domain only set when it has none, and the groupId only
// adopted by an account that has none.
func GroupFill(o Org, g GroupFacts) AccountFill {
	var f AccountFill
	if g.Name != "" && g.Name != o.Name && (o.Name == "" || o.Name == o.ExternalID || o.Name == o.Domain || o.Name == g.GroupID) {
		f.Name = g.Name
	}
	if g.Domain != "" && o.Domain == "" {
		f.Domain = g.Domain
	}
	if g.GroupID != "" && o.ExternalID == "" {
		f.ExternalID = g.GroupID
	}
	return f
}

// group links the user's contact to the account the call names: by its
// groupId, else by the traits' website or domain, else by their name, and
// created when none matches. The user is the userId's contact, else the
// contact the anonymous visitor became.
func (p *Processor) group(ctx context.Context, ev QueuedEvent) error {
	m, ws := ev.Message, ev.WorkspaceID
	person, err := p.messageContact(ctx, ws, m)
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	org, err := p.groupAccount(ctx, ws, groupFacts(m), m.Timestamp)
	if err != nil || org.ID == "" {
		return err
	}
	return p.st.FillContact(ctx, ws, person.ID, ContactFill{AccountID: &org.ID}, m.Timestamp)
}

// messageContact is the contact a message is from: its userId's, else its
// visitor's; domain.ErrNotFound when neither is known.
func (p *Processor) messageContact(ctx context.Context, ws string, m Message) (Person, error) {
	var c Person
	var err error
	if m.UserID != "" {
		c, err = found(p.st.ContactByExternalID(ctx, ws, m.UserID))
	}
	if err == nil && c.ID == "" && m.AnonymousID != "" {
		c, err = p.visitorContact(ctx, ws, m.AnonymousID)
	}
	if err == nil && c.ID == "" {
		err = domain.ErrNotFound
	}
	return c, err
}

// groupAccount finds, fills or creates the account a group call names; no
// account when the call names none.
func (p *Processor) groupAccount(ctx context.Context, ws string, g GroupFacts, at time.Time) (Org, error) {
	if g.GroupID != "" {
		org, err := p.st.AccountByExternalID(ctx, ws, g.GroupID)
		if err == nil {
			return org, p.fillAccount(ctx, ws, org, g, at)
		}
		if !errors.Is(err, domain.ErrNotFound) {
			return Org{}, err
		}
	}
	var (
		org Org
		err = domain.ErrNotFound
	)
	switch {
	case g.Domain != "":
		org, err = p.st.AccountByDomain(ctx, ws, g.Domain)
	case g.Name != "":
		org, err = p.st.AccountByName(ctx, ws, g.Name)
	case g.GroupID == "":
		return Org{}, nil
	}
	switch {
	case err == nil && (g.GroupID == "" || org.ExternalID == "" || org.ExternalID == g.GroupID):
		return org, p.fillAccount(ctx, ws, org, g, at)
	case err == nil:
		// The match belongs to another group: the groupId is the customer's
		// own key, so this is another account (the domain stays the first's).
		g.Domain = ""
	case !errors.Is(err, domain.ErrNotFound):
		return Org{}, err
	}
	return p.st.CreateAccount(ctx, ws, Org{Name: g.NewAccountName(), Domain: g.Domain, ExternalID: g.GroupID}, at)
}

// fillAccount writes GroupFill, leaving out a domain another account has.
func (p *Processor) fillAccount(ctx context.Context, ws string, o Org, g GroupFacts, at time.Time) error {
	f := GroupFill(o, g)
	if f.Domain != "" {
		other, err := p.st.AccountByDomain(ctx, ws, f.Domain)
		switch {
		case err == nil && other.ID != o.ID:
			f.Domain = ""
		case err != nil && !errors.Is(err, domain.ErrNotFound):
			return err
		}
	}
	if f == (AccountFill{}) {
		return nil
	}
	return p.st.FillAccount(ctx, ws, o.ID, f, at)
}
