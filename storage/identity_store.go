package storage

import (
	"cmp"
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// The identity half of processorStore: contacts, accounts and prospects as
// identity stitching finds, creates and links them.

func toPerson(c crm.Contact) tracking.Person {
	p := tracking.Person{
		ID: c.ID, FirstName: c.FirstName, LastName: c.LastName, AccountID: c.AccountID, CreatedAt: c.CreatedAt,
		FirstTouchAt: c.FirstTouch.OccurredAt,
	}
	for _, f := range []struct {
		to   *string
		from *string
	}{{&p.Email, c.Email}, {&p.ExternalID, c.ExternalID}, {&p.Phone, c.Phone}, {&p.JobTitle, c.JobTitle}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	return p
}

func (s processorStore) contactWhere(ctx context.Context, ws, col, val string) (tracking.Person, error) {
	var c crm.Contact
	err := s.db.writer(ctx).Where("workspace_id = ? AND "+col+" = ?", ws, val).Take(&c).Error
	return toPerson(c), translate(err, "contact")
}

// contactOrSurvivor finds the contact whose col is val, else the survivor
// of the latest merged contact whose col was val: a merged contact's userId
// and email keep naming the person. One query: identify calls make this
// lookup for every new person.
func (s processorStore) contactOrSurvivor(ctx context.Context, ws, col, val string) (tracking.Person, error) {
	var rows []struct {
		crm.Contact
		Rank int
	}
	err := s.db.writer(ctx).Raw(`SELECT * FROM (
			SELECT c.*, 0 AS rank, NULL AS merged_at, NULL AS merged_id FROM contacts c WHERE c.workspace_id = ? AND c.`+col+` = ?
			UNION ALL
			SELECT c.*, 1, m.merged_at, m.merged_id FROM contact_merges m
				JOIN contacts c ON c.workspace_id = m.workspace_id AND c.id = m.survivor_id
				WHERE m.workspace_id = ? AND m.`+col+` = ?) found
		ORDER BY rank, merged_at DESC, merged_id LIMIT 1`, ws, val, ws, val).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return tracking.Person{}, translate(cmp.Or(err, gorm.ErrRecordNotFound), "contact")
	}
	return toPerson(rows[0].Contact), nil
}

func (s processorStore) ContactByID(ctx context.Context, ws, id string) (tracking.Person, error) {
	return s.contactWhere(ctx, ws, "id", id)
}

func (s processorStore) ContactByExternalID(ctx context.Context, ws, userID string) (tracking.Person, error) {
	return s.contactOrSurvivor(ctx, ws, "external_id", userID)
}

func (s processorStore) ContactByEmail(ctx context.Context, ws, email string) (tracking.Person, error) {
	return s.contactOrSurvivor(ctx, ws, "email", email)
}

func (s processorStore) CreateContact(ctx context.Context, ws string, p *tracking.Person, at time.Time) error {
	p.ID, p.CreatedAt = domain.NewID(), at
	c := crm.Contact{
		WorkspaceID: ws, ID: p.ID, FirstName: p.FirstName, LastName: p.LastName, AccountID: p.AccountID,
		Email: nonEmpty(p.Email), ExternalID: nonEmpty(p.ExternalID), CreatedAt: at, UpdatedAt: at,
	}
	return translate(s.db.writer(ctx).Create(&c).Error, "contact")
}

func (s processorStore) FillContact(ctx context.Context, ws, id string, f tracking.ContactFill, at time.Time) error {
	set := map[string]any{"updated_at": at}
	for col, v := range map[string]string{
		"external_id": f.ExternalID, "email": f.Email, "first_name": f.FirstName, "last_name": f.LastName, "phone": f.Phone, "job_title": f.JobTitle,
	} {
		if v != "" {
			set[col] = v
		}
	}
	if f.AccountID != nil {
		set["account_id"] = *f.AccountID
	}
	return affected(s.db.writer(ctx).Table("contacts").Where("workspace_id = ? AND id = ?", ws, id).Updates(set), "contact")
}

func toOrg(a crm.Account) tracking.Org {
	o := tracking.Org{ID: a.ID, Name: a.Name}
	if a.Domain != nil {
		o.Domain = *a.Domain
	}
	if a.ExternalID != nil {
		o.ExternalID = *a.ExternalID
	}
	return o
}

func (s processorStore) accountWhere(ctx context.Context, ws, cond, val string) (tracking.Org, error) {
	var a crm.Account
	err := s.db.writer(ctx).Where("workspace_id = ? AND "+cond, ws, val).Order("created_at, id").Take(&a).Error
	return toOrg(a), translate(err, "account")
}

func (s processorStore) AccountByDomain(ctx context.Context, ws, d string) (tracking.Org, error) {
	return s.accountWhere(ctx, ws, "domain = ?", strings.ToLower(d))
}

func (s processorStore) AccountByName(ctx context.Context, ws, name string) (tracking.Org, error) {
	return s.accountWhere(ctx, ws, "lower(name) = ?", strings.ToLower(name))
}

func (s processorStore) AccountByExternalID(ctx context.Context, ws, groupID string) (tracking.Org, error) {
	return s.accountWhere(ctx, ws, "external_id = ?", groupID)
}

func (s processorStore) CreateAccount(ctx context.Context, ws string, o tracking.Org, at time.Time) (tracking.Org, error) {
	a := crm.Account{
		WorkspaceID: ws, ID: domain.NewID(), Name: o.Name, Domain: nonEmpty(strings.ToLower(o.Domain)),
		ExternalID: nonEmpty(o.ExternalID), CreatedAt: at, UpdatedAt: at,
	}
	return toOrg(a), translate(s.db.writer(ctx).Create(&a).Error, "account")
}

func (s processorStore) FillAccount(ctx context.Context, ws, id string, f tracking.AccountFill, at time.Time) error {
	set := map[string]any{"updated_at": at}
	for col, v := range map[string]string{"name": f.Name, "domain": strings.ToLower(f.Domain), "external_id": f.ExternalID} {
		if v != "" {
			set[col] = v
		}
	}
	return affected(s.db.writer(ctx).Table("accounts").Where("workspace_id = ? AND id = ?", ws, id).Updates(set), "account")
}

func (s processorStore) LinkVisitor(ctx context.Context, ws, anon, contactID string, accountID *string) error {
	err := s.db.writer(ctx).Exec(`INSERT INTO visitors (workspace_id, anonymous_id, contact_id, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, anonymous_id) DO UPDATE SET contact_id = excluded.contact_id`, ws, anon, contactID, time.Now().UTC(), time.Now().UTC()).Error
	if err != nil {
		return translate(err, "visitor")
	}
	return s.linkStored(ctx, ws, anon, contactID, accountID)
}

// linkStored gives the visitor's sessions and touchpoints that have no
// contact yet the contact, and its touchpoints that have no account the
// contact's account.
func (s processorStore) linkStored(ctx context.Context, ws, anon, contactID string, accountID *string) error {
	if err := s.db.writer(ctx).Exec(linkSessionsSQL, contactID, ws, anon).Error; err != nil {
		return translate(err, "visitor")
	}
	if err := s.db.writer(ctx).Exec(linkTouchpointsSQL, contactID, ws, anon).Error; err != nil {
		return translate(err, "visitor")
	}
	if accountID != nil {
		if err := s.db.writer(ctx).Exec(linkTouchpointAccountsSQL, *accountID, ws, anon, contactID).Error; err != nil {
			return translate(err, "visitor")
		}
	}
	return nil
}

func (s processorStore) OpenProspectOf(ctx context.Context, ws, accountID string) (string, error) {
	var p crm.Prospect
	err := s.db.writer(ctx).Where("workspace_id = ? AND account_id = ? AND status = ?", ws, accountID, crm.StatusOpen).Order("created_at, id").Take(&p).Error
	return p.ID, translate(err, "prospect")
}

// OpenProspect puts the prospect in the first stage of the board.
func (s processorStore) OpenProspect(ctx context.Context, ws, title, contactID string, accountID *string, at time.Time) (string, error) {
	var stage crm.Stage
	if err := s.db.writer(ctx).Where("workspace_id = ?", ws).Order("position, id").Take(&stage).Error; err != nil {
		return "", translate(err, "first stage")
	}
	p := crm.Prospect{
		WorkspaceID: ws, ID: domain.NewID(), Title: title, AccountID: accountID, StageID: stage.ID,
		Currency: crm.DefaultCurrency, Status: stage.Phase.Status(), StageEnteredAt: at, CreatedAt: at, UpdatedAt: at,
	}
	p.Milestones.Enter(stage, at)
	prospects := Prospects(s)
	if err := prospects.Create(ctx, &p); err != nil {
		return "", err
	}
	sc := crm.StageChange{WorkspaceID: ws, ID: domain.NewID(), ProspectID: p.ID, ToStageID: stage.ID, ChangedAt: at, ChangedByKind: crm.ActorRule}
	if err := prospects.AddStageChange(ctx, &sc); err != nil {
		return "", err
	}
	return p.ID, s.AddProspectContact(ctx, ws, p.ID, contactID, at)
}

func (s processorStore) AddProspectContact(ctx context.Context, ws, prospectID, contactID string, at time.Time) error {
	err := s.db.writer(ctx).Exec(`INSERT INTO prospect_contacts (workspace_id, prospect_id, contact_id, role, created_at)
		VALUES (?, ?, ?, 'other', ?) ON CONFLICT DO NOTHING`, ws, prospectID, contactID, at).Error
	return translate(err, "prospect contact")
}

// SetFirstTouch writes only where no first touch is recorded: it is immutable.
func (s processorStore) SetFirstTouch(ctx context.Context, ws, contactID, prospectID string, ft tracking.FirstTouch) error {
	set := map[string]any{
		"first_touch_channel": ft.Channel, "first_touch_source": ft.Source, "first_touch_medium": ft.Medium,
		"first_touch_campaign": ft.Campaign, "first_touch_landing_page": ft.LandingPage, "first_touch_occurred_at": ft.OccurredAt,
		"first_touch_device_type": string(ft.DeviceType),
	}
	for table, id := range map[string]string{"contacts": contactID, "prospects": prospectID} {
		err := s.db.writer(ctx).Table(table).Where("workspace_id = ? AND id = ? AND first_touch_occurred_at IS NULL", ws, id).Updates(set).Error
		if err != nil {
			return translate(err, table)
		}
	}
	return nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
