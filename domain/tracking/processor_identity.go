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
	ID           string
	ExternalID   string
	Email        string
	FirstName    string
	LastName     string
	Phone        string
	JobTitle     string
	AccountID    *string
	CreatedAt    time.Time
	FirstTouchAt *time.Time // when its first touch was, nil when it has none
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

// ContactFill is what an identify or a merge adds to a known contact: only
// the fields set here are written.
type ContactFill struct {
	ExternalID string
	Email      string
	FirstName  string
	LastName   string
	Phone      string
	JobTitle   string
	AccountID  *string
}

// IdentityStore finds and creates the CRM records events point at.
type IdentityStore interface {
	ContactByID(ctx context.Context, workspaceID, id string) (Person, error)
	// ContactByExternalID and ContactByEmail find a contact by its userId or
	// email, or by those of a contact merged into it.
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
	// MergeContacts applies a merge in the caller's transaction.
	MergeContacts(ctx context.Context, m ContactMerge) error
}

// identify finds or creates the contact the user is, fills its names where
// empty, matches its account by email domain and links the visitor to it.
// A contact that becomes known here opens a prospect whose first touch is
// the visitor's first session.
func (p *Processor) identify(ctx context.Context, ev QueuedEvent) error {
	m, ws := ev.Message, ev.WorkspaceID
	email := emailTrait(m.Traits)
	first, last := nameTraits(m.Traits)
	person, err := p.whoIdentifies(ctx, ev, email)
	if err != nil {
		return err
	}
	created := person.ID == ""
	if created {
		if m.UserID == "" && email == "" {
			return nil // no one to know
		}
		person = Person{ExternalID: m.UserID, Email: email, FirstName: first, LastName: last}
		if err := p.st.CreateContact(ctx, ws, &person, m.Timestamp); err != nil {
			return err
		}
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

// whoIdentifies is the known contact an identify is from: the userId's, else
// the email's, else the one its visitor already is. When two of them are
// different contacts that may be one person (MayMerge), they are merged: a
// visitor known as Ann who now logs in as user 42, or user 42 whose email is
// on a contact from a form, is one person with two records. The zero Person
// means no one is known yet.
func (p *Processor) whoIdentifies(ctx context.Context, ev QueuedEvent, email string) (Person, error) {
	m, ws := ev.Message, ev.WorkspaceID
	var person Person
	var err error
	if m.UserID != "" {
		if person, err = found(p.st.ContactByExternalID(ctx, ws, m.UserID)); err != nil {
			return Person{}, err
		}
	}
	if email != "" {
		byEmail, err := found(p.st.ContactByEmail(ctx, ws, email))
		switch {
		case err != nil:
			return Person{}, err
		case person.ID == "":
			person = byEmail
		case byEmail.ID != "" && byEmail.ID != person.ID && MayMerge(person, byEmail):
			if person, err = p.merge(ctx, ev, person, byEmail, MergeIdentify); err != nil {
				return Person{}, err
			}
		}
	}
	if m.AnonymousID == "" {
		return person, nil
	}
	byVisitor, err := p.visitorContact(ctx, ws, m.AnonymousID)
	switch {
	case err != nil || byVisitor.ID == "" || byVisitor.ID == person.ID:
		return person, err
	case person.ID == "" && (m.UserID == "" || byVisitor.ExternalID == ""):
		return byVisitor, nil // the visitor's contact takes the new userId or email
	case person.ID != "" && MayMerge(person, byVisitor):
		return p.merge(ctx, ev, person, byVisitor, MergeIdentify)
	}
	return person, nil // another user on the same device: the visitor moves to them
}

// visitorContact is the contact the visitor is linked to; the zero Person
// when the visitor is unknown or anonymous.
func (p *Processor) visitorContact(ctx context.Context, ws, anonymousID string) (Person, error) {
	v, err := found(p.st.Visitor(ctx, ws, anonymousID))
	if err != nil || v.ContactID == nil {
		return Person{}, err
	}
	return p.st.ContactByID(ctx, ws, *v.ContactID)
}

// found maps domain.ErrNotFound to the zero value: for lookups where
// "nobody" is an answer, not a failure.
func found[T any](v T, err error) (T, error) {
	if errors.Is(err, domain.ErrNotFound) {
		var zero T
		return zero, nil
	}
	return v, err
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
