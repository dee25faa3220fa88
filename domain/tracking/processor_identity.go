package tracking

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onefunnel/onefunnel/domain"
)

// Person is a contact as identity stitching sees it.
type Person struct {
	ID         string
	ExternalID string
	Email      string
	FirstName  string
	LastName   string
	AccountID  *string
}

// Org is an account as identity stitching sees it.
type Org struct {
	ID         string
	Name       string
	Domain     string
	ExternalID string // the groupId of Segment group calls
}

// AccountFill is what a group call adds to a known account: only the fields
// set here are written.
type AccountFill struct {
	Name       string
	Domain     string
	ExternalID string
}

// ContactFill is what an identify adds to a known contact: only the fields
// set here are written.
type ContactFill struct {
	ExternalID string
	Email      string
	FirstName  string
	LastName   string
	AccountID  *string
}

// IdentityStore finds and creates the CRM records events point at.
type IdentityStore interface {
	ContactByID(ctx context.Context, workspaceID, id string) (Person, error)
	ContactByExternalID(ctx context.Context, workspaceID, userID string) (Person, error)
	ContactByEmail(ctx context.Context, workspaceID, email string) (Person, error)
	CreateContact(ctx context.Context, workspaceID string, p *Person, at time.Time) error
	FillContact(ctx context.Context, workspaceID, contactID string, f ContactFill, at time.Time) error
	AccountByDomain(ctx context.Context, workspaceID, domain string) (Org, error)
	AccountByName(ctx context.Context, workspaceID, name string) (Org, error)
	AccountByExternalID(ctx context.Context, workspaceID, groupID string) (Org, error)
	// CreateAccount adds the account o describes (no ID yet).
	CreateAccount(ctx context.Context, workspaceID string, o Org, at time.Time) (Org, error)
	FillAccount(ctx context.Context, workspaceID, accountID string, f AccountFill, at time.Time) error
	// LinkVisitor makes the visitor the contact's and back-links its
	// sessions and touchpoints that have no contact yet.
	LinkVisitor(ctx context.Context, workspaceID, anonymousID, contactID string, accountID *string) error
	// OpenProspectOf is the account's open prospect; domain.ErrNotFound when none.
	OpenProspectOf(ctx context.Context, workspaceID, accountID string) (string, error)
	// OpenProspect creates a prospect in the workspace's first stage with
	// the contact on it, recording the opening stage change as made by a rule.
	OpenProspect(ctx context.Context, workspaceID, title, contactID string, accountID *string, at time.Time) (string, error)
	AddProspectContact(ctx context.Context, workspaceID, prospectID, contactID string, at time.Time) error
	// SetFirstTouch writes the first touch of the contact and the prospect
	// where they have none (it is immutable once set).
	SetFirstTouch(ctx context.Context, workspaceID, contactID, prospectID string, ft FirstTouch) error
}

// identify finds or creates the contact the user is, fills its names where
// empty, matches its account by email domain and links the visitor to it.
// A contact that becomes known here opens a prospect whose first touch is
// the visitor's first session.
func (p *Processor) identify(ctx context.Context, ev QueuedEvent) error {
	m, ws := ev.Message, ev.WorkspaceID
	email := emailTrait(m.Traits)
	first, last := nameTraits(m.Traits)
	person, created, err := p.findOrCreateContact(ctx, ws, m.UserID, email, first, last, m.Timestamp)
	if err != nil || person.ID == "" {
		return err
	}
	var fill ContactFill
	if !created {
		if person.FirstName == "" {
			fill.FirstName = first
		}
		if person.LastName == "" {
			fill.LastName = last
		}
		if person.ExternalID == "" && m.UserID != "" {
			fill.ExternalID = m.UserID
		}
		if person.Email == "" && email != "" {
			// Another contact may own the address already; leave both as they are.
			if _, err := p.st.ContactByEmail(ctx, ws, email); errors.Is(err, domain.ErrNotFound) {
				fill.Email, person.Email = email, email
			} else if err != nil {
				return err
			}
		}
	}
	var org Org
	if person.AccountID == nil {
		if org, err = p.accountForEmail(ctx, ws, person.Email, m.Traits, m.Timestamp); err != nil {
			return err
		}
		if org.ID != "" {
			fill.AccountID, person.AccountID = &org.ID, &org.ID
		}
	}
	if fill != (ContactFill{}) {
		if err := p.st.FillContact(ctx, ws, person.ID, fill, m.Timestamp); err != nil {
			return err
		}
	}
	if m.AnonymousID != "" {
		if err := p.st.LinkVisitor(ctx, ws, m.AnonymousID, person.ID, person.AccountID); err != nil {
			return err
		}
	}
	if err := p.linkUserHits(ctx, ws, m.UserID, person); err != nil {
		return err
	}
	if !created {
		return nil
	}
	return p.openProspect(ctx, ws, person, org, m)
}

// findOrCreateContact looks the person up by userId, then by email, and
// creates them when neither is known. Without either there is no one to find.
func (p *Processor) findOrCreateContact(ctx context.Context, ws, userID, email, first, last string, at time.Time) (Person, bool, error) {
	if userID != "" {
		c, err := p.st.ContactByExternalID(ctx, ws, userID)
		if !errors.Is(err, domain.ErrNotFound) {
			return c, false, err
		}
	}
	if email != "" {
		c, err := p.st.ContactByEmail(ctx, ws, email)
		if !errors.Is(err, domain.ErrNotFound) {
			return c, false, err
		}
	}
	if userID == "" && email == "" {
		return Person{}, false, nil
	}
	c := Person{ExternalID: userID, Email: email, FirstName: first, LastName: last}
	return c, true, p.st.CreateContact(ctx, ws, &c, at)
}

// accountForEmail is the account of the email's company domain, created when
// none has it; no account for a free-mail address.
func (p *Processor) accountForEmail(ctx context.Context, ws, email string, traits map[string]any, at time.Time) (Org, error) {
	company, ok := AccountDomain(email)
	if !ok {
		return Org{}, nil
	}
	org, err := p.st.AccountByDomain(ctx, ws, company)
	if !errors.Is(err, domain.ErrNotFound) {
		return org, err
	}
	name := companyTrait(traits)
	if name == "" {
		name = company
	}
	return p.st.CreateAccount(ctx, ws, Org{Name: name, Domain: company}, at)
}

// openProspect puts a newly known person in the pipeline: on their account's
// open prospect when it has one (B2B: one deal, several people), else on a
// new prospect in the first stage.
func (p *Processor) openProspect(ctx context.Context, ws string, person Person, org Org, m Message) error {
	prospectID := ""
	if org.ID != "" {
		id, err := p.st.OpenProspectOf(ctx, ws, org.ID)
		switch {
		case err == nil:
			prospectID = id
			if err := p.st.AddProspectContact(ctx, ws, id, person.ID, m.Timestamp); err != nil {
				return err
			}
		case !errors.Is(err, domain.ErrNotFound):
			return err
		}
	}
	if prospectID == "" {
		title := org.Name
		if title == "" {
			title = ProspectTitle(person)
		}
		id, err := p.st.OpenProspect(ctx, ws, title, person.ID, person.AccountID, m.Timestamp)
		if err != nil {
			return err
		}
		prospectID = id
	}
	s, err := p.firstSession(ctx, ws, m.AnonymousID, userVisitor(m.UserID))
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return p.st.SetFirstTouch(ctx, ws, person.ID, prospectID, firstTouchOf(s))
}

// firstSession is the earliest session of the visitors; domain.ErrNotFound
// when none has one.
func (p *Processor) firstSession(ctx context.Context, ws string, visitors ...string) (VisitSession, error) {
	var first VisitSession
	for _, key := range visitors {
		if key == "" {
			continue
		}
		s, err := p.st.FirstSession(ctx, ws, key)
		switch {
		case errors.Is(err, domain.ErrNotFound):
		case err != nil:
			return VisitSession{}, err
		case first.ID == "" || s.StartedAt.Before(first.StartedAt):
			first = s
		}
	}
	if first.ID == "" {
		return first, domain.ErrNotFound
	}
	return first, nil
}

// userVisitor is the visitor key of a userId's server-side hits, "" for no userId.
func userVisitor(userID string) string {
	if userID == "" {
		return ""
	}
	return UserVisitorPrefix + userID
}

// linkUserHits gives the person the server-side hits sent with their userId
// before the contact was known (or while it was another contact).
func (p *Processor) linkUserHits(ctx context.Context, ws, userID string, person Person) error {
	if userID == "" {
		return nil
	}
	v, err := p.st.Visitor(ctx, ws, userVisitor(userID))
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil || (v.ContactID != nil && *v.ContactID == person.ID) {
		return err
	}
	return p.st.LinkVisitor(ctx, ws, v.AnonymousID, person.ID, person.AccountID)
}

// ProspectTitle names a person's prospect: their name, else their email,
// else the id the tracking library knows them by.
func ProspectTitle(p Person) string {
	for _, s := range []string{strings.TrimSpace(p.FirstName + " " + p.LastName), p.Email, p.ExternalID} {
		if s != "" {
			return clip(s, domain.MaxNameLen)
		}
	}
	return "Unknown visitor"
}

// alias links the visitor known as previousId to the user's contact.
// TODO: when both ids are contacts, merge them.
func (p *Processor) alias(ctx context.Context, ev QueuedEvent) error {
	m, ws := ev.Message, ev.WorkspaceID
	if m.PreviousID == "" || m.UserID == "" {
		return nil
	}
	person, err := p.st.ContactByExternalID(ctx, ws, m.UserID)
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return p.st.LinkVisitor(ctx, ws, m.PreviousID, person.ID, person.AccountID)
}

// emailTrait is traits.email normalised, or "" when it is not an address.
func emailTrait(traits map[string]any) string {
	raw := strings.TrimSpace(str(traits["email"]))
	if raw == "" {
		return ""
	}
	v := &domain.ValidationError{}
	email := domain.NormalizeEmail(v, "email", raw)
	if v.Err() != nil {
		return ""
	}
	return email
}

// nameTraits reads firstName and lastName, else splits name at its first space.
func nameTraits(traits map[string]any) (first, last string) {
	first, last = str(traits["firstName"]), str(traits["lastName"])
	if first == "" && last == "" {
		first, last, _ = strings.Cut(strings.TrimSpace(str(traits["name"])), " ")
	}
	return clip(strings.TrimSpace(first), domain.MaxNameLen), clip(strings.TrimSpace(last), domain.MaxNameLen)
}

// companyTrait is traits.company as a name ("Acme") or an object ({"name": "Acme"}).
func companyTrait(traits map[string]any) string {
	c := str(traits["company"])
	if obj, ok := traits["company"].(map[string]any); ok {
		c = str(obj["name"])
	}
	return clip(strings.TrimSpace(c), domain.MaxNameLen)
}

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
