package storage

import (
	"slices"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/demo"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// demoTable is one table's share of a chunk in both forms the dialects
// write: the domain rows as GORM models (SQLite), and their values in the
// order of columns (COPY on PostgreSQL). Tables are listed parents first.
type demoTable struct {
	name    string
	columns []string
	n       int
	values  func(i int) []any
	models  any // a slice of GORM models
}

func newDemoTable[T any](name string, columns []string, rows []T, values func(r *T) []any) demoTable {
	return demoTable{name: name, columns: columns, n: len(rows), models: rows, values: func(i int) []any { return values(&rows[i]) }}
}

func demoCampaignTables(p demo.Plan) []demoTable {
	return []demoTable{
		newDemoTable("campaigns", []string{"workspace_id", "id", "name", "channel", "utm_campaign", "starts_on", "ends_on", "created_at", "updated_at"},
			p.Campaigns, func(c *marketing.Campaign) []any {
				return []any{c.WorkspaceID, c.ID, c.Name, string(c.Channel), c.UTMCampaign, c.StartsOn, c.EndsOn, c.CreatedAt, c.UpdatedAt}
			}),
		newDemoTable("campaign_spend", []string{"workspace_id", "id", "campaign_id", "period_start", "period_end", "amount", "currency", "created_at"},
			p.Spend, func(s *marketing.Spend) []any {
				return []any{s.WorkspaceID, s.ID, s.CampaignID, s.PeriodStart, s.PeriodEnd, s.Amount, s.Currency, s.CreatedAt}
			}),
	}
}

var firstTouchColumns = []string{
	"first_touch_channel", "first_touch_source", "first_touch_medium", "first_touch_campaign",
	"first_touch_landing_page", "first_touch_device_type", "first_touch_occurred_at",
}

func firstTouchValues(f crm.FirstTouch) []any {
	return []any{f.Channel, f.Source, f.Medium, f.Campaign, f.LandingPage, f.DeviceType, f.OccurredAt}
}

// demoChunkTables lists a chunk's rows table by table. The big tables go in
// key order: a chunk's rows span the whole window, and inserting them in
// order touches each index page once rather than at random (measured on
// PostgreSQL at scale 20: 41,000 rows/s instead of 34,000).
func demoChunkTables(c demo.Chunk) []demoTable {
	sortBy(c.Touchpoints, func(t *marketing.Touchpoint) string { return t.ID })
	sortBy(c.Sessions, func(s *tracking.VisitSession) string { return s.ID })
	sortBy(c.Visitors, func(v *tracking.Visitor) string { return v.AnonymousID })
	sortBy(c.StageChanges, func(s *crm.StageChange) string { return s.ID })
	sessions := make([]sessionRow, len(c.Sessions))
	for i, s := range c.Sessions {
		sessions[i] = sessionRow(s)
	}
	visitors := make([]demoVisitorRow, len(c.Visitors))
	for i, v := range c.Visitors {
		visitors[i] = newDemoVisitorRow(v)
	}
	return []demoTable{
		newDemoTable("accounts", []string{"workspace_id", "id", "name", "domain", "created_at", "updated_at"},
			c.Accounts, func(a *crm.Account) []any {
				return []any{a.WorkspaceID, a.ID, a.Name, a.Domain, a.CreatedAt, a.UpdatedAt}
			}),
		newDemoTable("contacts", append([]string{"workspace_id", "id", "email", "first_name", "last_name", "phone", "job_title", "account_id", "external_id", "created_at", "updated_at"}, firstTouchColumns...),
			c.Contacts, func(x *crm.Contact) []any {
				return append([]any{x.WorkspaceID, x.ID, x.Email, x.FirstName, x.LastName, x.Phone, x.JobTitle, x.AccountID, x.ExternalID, x.CreatedAt, x.UpdatedAt}, firstTouchValues(x.FirstTouch)...)
			}),
		newDemoTable("prospects", append([]string{"workspace_id", "id", "title", "account_id", "owner_id", "stage_id", "amount", "currency", "expected_close_date", "status", "lost_reason", "stage_entered_at", "closed_at", "created_at", "updated_at", "entered_stages", "opportunity_at", "won_at"}, firstTouchColumns...),
			c.Prospects, func(p *crm.Prospect) []any {
				return append([]any{p.WorkspaceID, p.ID, p.Title, p.AccountID, p.OwnerID, p.StageID, p.Amount, p.Currency, p.ExpectedCloseDate, string(p.Status), p.LostReason, p.StageEnteredAt, p.ClosedAt, p.CreatedAt, p.UpdatedAt,
					p.Milestones.EnteredStages, p.Milestones.OpportunityAt, p.Milestones.WonAt}, firstTouchValues(p.FirstTouch)...)
			}),
		newDemoTable("prospect_contacts", []string{"workspace_id", "prospect_id", "contact_id", "role", "created_at"},
			c.ProspectContacts, func(l *crm.ProspectContact) []any {
				return []any{l.WorkspaceID, l.ProspectID, l.ContactID, string(l.Role), l.CreatedAt}
			}),
		newDemoTable("stage_changes", []string{"workspace_id", "id", "prospect_id", "from_stage_id", "to_stage_id", "changed_at", "changed_by_kind", "changed_by_id"},
			c.StageChanges, func(s *crm.StageChange) []any {
				return []any{s.WorkspaceID, s.ID, s.ProspectID, s.FromStageID, s.ToStageID, s.ChangedAt, string(s.ChangedByKind), s.ChangedByID}
			}),
		newDemoTable("activities", []string{"workspace_id", "id", "type", "subject", "body", "occurred_at", "due_at", "done", "done_at", "prospect_id", "contact_id", "account_id", "owner_id", "created_by_id", "created_at", "updated_at"},
			c.Activities, func(a *crm.Activity) []any {
				return []any{a.WorkspaceID, a.ID, string(a.Type), a.Subject, a.Body, a.OccurredAt, a.DueAt, a.Done, a.DoneAt, a.ProspectID, a.ContactID, a.AccountID, a.OwnerID, a.CreatedByID, a.CreatedAt, a.UpdatedAt}
			}),
		newDemoTable("visitors", []string{"workspace_id", "anonymous_id", "contact_id", "first_seen_at", "last_seen_at", "session_number", "session_started_at", "session_last_at", "session_campaign", "session_id"},
			visitors, func(v *demoVisitorRow) []any {
				return []any{v.WorkspaceID, v.AnonymousID, v.ContactID, v.FirstSeenAt, v.LastSeenAt, v.SessionNumber, v.SessionStartedAt, v.SessionLastAt, v.SessionCampaign, v.SessionID}
			}),
		newDemoTable("sessions", []string{"workspace_id", "id", "anonymous_id", "contact_id", "number", "started_at", "last_at", "channel", "source", "medium", "campaign", "content", "term", "landing_page", "referrer", "device_type", "page_views"},
			sessions, func(s *sessionRow) []any {
				return []any{s.WorkspaceID, s.ID, s.AnonymousID, s.ContactID, s.Number, s.StartedAt, s.LastAt, string(s.Channel), s.Source, s.Medium, s.Campaign, s.Content, s.Term, s.LandingPage, s.Referrer, string(s.DeviceType), s.PageViews}
			}),
		newDemoTable("touchpoints", []string{"workspace_id", "id", "type", "channel", "source", "medium", "campaign", "campaign_id", "content", "term", "occurred_at", "contact_id", "account_id", "anonymous_id", "session_id", "event_id", "landing_page", "referrer", "device_type", "created_at"},
			c.Touchpoints, func(t *marketing.Touchpoint) []any {
				return []any{t.WorkspaceID, t.ID, string(t.Type), string(t.Channel), t.Source, t.Medium, t.Campaign, t.CampaignID, t.Content, t.Term, t.OccurredAt, t.ContactID, t.AccountID, t.AnonymousID, t.SessionID, t.EventID, t.LandingPage, t.Referrer, string(t.DeviceType), t.CreatedAt}
			}),
	}
}

// sortBy sorts rows in place by a string key.
func sortBy[T any](rows []T, key func(*T) string) {
	slices.SortFunc(rows, func(a, b T) int { return strings.Compare(key(&a), key(&b)) })
}

// demoVisitorRow is a visitors row as the processor's SaveVisitor writes it.
type demoVisitorRow struct {
	WorkspaceID      string
	AnonymousID      string
	ContactID        *string
	FirstSeenAt      time.Time
	LastSeenAt       time.Time
	SessionNumber    int
	SessionStartedAt *time.Time
	SessionLastAt    *time.Time
	SessionCampaign  string
	SessionID        *string
}

func (demoVisitorRow) TableName() string { return "visitors" }

func newDemoVisitorRow(v tracking.Visitor) demoVisitorRow {
	started, last := v.Session.StartedAt, v.Session.LastAt
	return demoVisitorRow{
		WorkspaceID: v.WorkspaceID, AnonymousID: v.AnonymousID, ContactID: v.ContactID, FirstSeenAt: v.FirstSeenAt,
		LastSeenAt: v.LastSeenAt, SessionNumber: v.Session.Number, SessionStartedAt: &started, SessionLastAt: &last,
		SessionCampaign: v.Session.Campaign, SessionID: v.SessionID,
	}
}
