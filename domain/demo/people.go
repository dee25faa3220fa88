package demo

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Shares of contacts with no email (known by name from a call or a card) and
// with a phone number.
const (
	noEmailShare = 0.05
	phoneShare   = 0.3
)

// identity is who a touch belongs to: a contact and its account and visitor,
// or an anonymous visitor (nil contact and account).
type identity struct {
	contactID, accountID *string
	anon                 string
	device               tracking.Device // the one they mostly use
	role                 crm.ContactRole
	firstName            string
	created              time.Time
	firstTouch           crm.FirstTouch
}

// account names the n-th account, created when its first contact was.
func (b *builder) account(n int, created time.Time) crm.Account {
	name, domain := company(n)
	return crm.Account{
		WorkspaceID: b.p.Config.WorkspaceID, ID: newID(b.r, created), Name: name, Domain: &domain,
		CreatedAt: created, UpdatedAt: created,
	}
}

// contact generates a person at acc who first visits at first through ch,
// becomes a contact at identified, and visits and engages until end.
func (b *builder) contact(acc *crm.Account, first, identified, end time.Time, ch tracking.Channel, champion bool, taken map[string]bool, visits int) identity {
	r := b.r
	firstName, lastName, email := person(r, *acc.Domain, taken)
	role, title := roleAndTitle(r, champion)
	c := crm.Contact{
		WorkspaceID: b.p.Config.WorkspaceID, ID: newID(r, identified), FirstName: firstName, LastName: lastName,
		JobTitle: &title, AccountID: &acc.ID, CreatedAt: identified, UpdatedAt: identified,
	}
	if r.Float64() >= noEmailShare {
		c.Email = &email
	}
	if r.Float64() < phoneShare {
		p := phone(r)
		c.Phone = &p
	}
	who := identity{
		contactID: &c.ID, accountID: &acc.ID, anon: newAnonymousID(r), device: device(r, ch),
		role: role, firstName: firstName, created: identified,
	}
	who.firstTouch = firstTouchOf(b.visits(who, first, end, ch, visits))
	c.FirstTouch = who.firstTouch
	b.engagement(who, first, end)
	b.c.Contacts = append(b.c.Contacts, c)
	return who
}

// idleAccount is a company whose people looked and left: one or two
// contacts with a few visits and touches, and no prospect.
func (b *builder) idleAccount(n int) {
	r, now := b.r, b.p.Config.Now
	first := b.firstVisit()
	identified := domain.Earliest(first.Add(lag(r)), now)
	acc := b.account(n, identified)
	taken := map[string]bool{}
	strata := b.p.Config.Truth.Strata
	for j := range 1 + r.IntN(2) {
		at, known := first, identified
		end := domain.Earliest(at.Add(45*day), now)
		if j > 0 {
			at = between(r, first, domain.Earliest(first.Add(30*day), now))
			end = domain.Earliest(at.Add(45*day), now)
			known = domain.Earliest(domain.Latest(at.Add(lag(r)), identified), end)
		}
		ch := strata[pick(r, len(strata), func(i int) float64 { return strata[i].Share })].Channel
		b.contact(&acc, at, known, end, ch, j == 0, taken, 1+r.IntN(4))
	}
	b.c.Accounts = append(b.c.Accounts, acc)
}

// anonymousVisitor never says who they are: a few visits within two weeks,
// and display impressions half the time.
func (b *builder) anonymousVisitor() {
	r, now := b.r, b.p.Config.Now
	strata := b.p.Config.Truth.Strata
	ch := strata[pick(r, len(strata), func(i int) float64 { return strata[i].Share })].Channel
	first := b.firstVisit()
	end := domain.Earliest(first.Add(14*day), now)
	who := identity{anon: newAnonymousID(r), device: device(r, ch)}
	b.visits(who, first, end, ch, 1+r.IntN(3))
	if r.Float64() < 0.5 {
		b.impressions([]identity{who}, domain.Latest(first.Add(-7*day), b.p.start), end, 1+r.IntN(2))
	}
}

// firstTouchOf is a session as the first touch tracking copies onto a contact
// and its prospect.
func firstTouchOf(s tracking.VisitSession) crm.FirstTouch {
	channel, device := string(s.Channel), string(s.DeviceType)
	source, medium, campaign, landing, at := s.Source, s.Medium, s.Campaign, s.LandingPage, s.StartedAt
	return crm.FirstTouch{
		Channel: &channel, Source: &source, Medium: &medium, Campaign: &campaign,
		LandingPage: &landing, DeviceType: &device, OccurredAt: &at,
	}
}
