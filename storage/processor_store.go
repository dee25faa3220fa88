package storage

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// processorStore is what the event processor reads and writes, one call at
// a time; every call runs in the transaction that claimed the events.
// batchStore, which processing uses, holds most of these writes back for a
// batch and falls back to processorStore for the rest; processed one event
// per transaction (ProcessEachAlone in the tests), processorStore is the
// reference batches must agree with.
type processorStore struct{ db *DB }

var _ tracking.ProcessorStore = processorStore{}

type visitorRow struct {
	WorkspaceID      string
	AnonymousID      string
	ContactID        *string
	AccountID        *string
	FirstSeenAt      time.Time
	LastSeenAt       time.Time
	SessionNumber    int
	SessionStartedAt *time.Time
	SessionLastAt    *time.Time
	SessionCampaign  string
	SessionID        *string
}

func (s processorStore) Visitor(ctx context.Context, ws, anon string) (tracking.Visitor, error) {
	return s.visitor(ctx, ws, anon, false)
}

// ClaimVisitor inserts the visitor when it is new, then locks its row on
// PostgreSQL (SQLite's single writer already excludes other workers). A
// worker inserting the same new visitor waits for the first to commit, so
// two batches never both open a visitor's first session.
func (s processorStore) ClaimVisitor(ctx context.Context, ws, anon string, at time.Time) (tracking.Visitor, error) {
	err := s.db.writer(ctx).Exec(`INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`, ws, anon, at, at).Error
	if err != nil {
		return tracking.Visitor{}, translate(err, "visitor")
	}
	return s.visitor(ctx, ws, anon, s.db.dialect == Postgres)
}

func (s processorStore) visitor(ctx context.Context, ws, anon string, lock bool) (tracking.Visitor, error) {
	q := `SELECT v.*, c.account_id FROM visitors v
		LEFT JOIN contacts c ON c.workspace_id = v.workspace_id AND c.id = v.contact_id
		WHERE v.workspace_id = ? AND v.anonymous_id = ?`
	if lock {
		q += " FOR UPDATE OF v"
	}
	var r visitorRow
	res := s.db.writer(ctx).Raw(q, ws, anon).Scan(&r)
	if res.Error == nil && res.RowsAffected == 0 {
		res.Error = gorm.ErrRecordNotFound
	}
	if res.Error != nil {
		return tracking.Visitor{}, translate(res.Error, "visitor")
	}
	return r.visitor(), nil
}

func (r visitorRow) visitor() tracking.Visitor {
	v := tracking.Visitor{
		WorkspaceID: r.WorkspaceID, AnonymousID: r.AnonymousID, ContactID: r.ContactID, AccountID: r.AccountID,
		FirstSeenAt: r.FirstSeenAt, LastSeenAt: r.LastSeenAt, SessionID: r.SessionID,
		Session: tracking.SessionState{Number: r.SessionNumber, Campaign: r.SessionCampaign},
	}
	if r.SessionStartedAt != nil {
		v.Session.StartedAt = r.SessionStartedAt.UTC()
	}
	if r.SessionLastAt != nil {
		v.Session.LastAt = r.SessionLastAt.UTC()
	}
	return v
}

// SaveVisitor inserts or updates the visitor's session state; contact_id is
// LinkVisitor's to set.
func (s processorStore) SaveVisitor(ctx context.Context, v *tracking.Visitor) error {
	err := s.db.writer(ctx).Exec(`INSERT INTO visitors (workspace_id, anonymous_id, contact_id, first_seen_at, last_seen_at,
			session_number, session_started_at, session_last_at, session_campaign, session_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (workspace_id, anonymous_id) DO UPDATE SET last_seen_at = excluded.last_seen_at,
			session_number = excluded.session_number, session_started_at = excluded.session_started_at,
			session_last_at = excluded.session_last_at, session_campaign = excluded.session_campaign,
			session_id = excluded.session_id`,
		v.WorkspaceID, v.AnonymousID, v.ContactID, v.FirstSeenAt, v.LastSeenAt, v.Session.Number,
		v.Session.StartedAt, v.Session.LastAt, v.Session.Campaign, v.SessionID).Error
	return translate(err, "visitor")
}

type sessionRow tracking.VisitSession

func (sessionRow) TableName() string { return "sessions" }

func (s processorStore) AddSession(ctx context.Context, vs *tracking.VisitSession) error {
	r := sessionRow(*vs)
	return translate(s.db.writer(ctx).Create(&r).Error, "session")
}

func (s processorStore) SessionHit(ctx context.Context, ws, id string, at time.Time) error {
	return affected(s.db.writer(ctx).Exec(`UPDATE sessions SET page_views = page_views + 1,
		last_at = CASE WHEN last_at < ? THEN ? ELSE last_at END WHERE workspace_id = ? AND id = ?`, at, at, ws, id), "session")
}

func (s processorStore) Session(ctx context.Context, ws, id string) (tracking.VisitSession, error) {
	var r sessionRow
	err := s.db.writer(ctx).Where("workspace_id = ? AND id = ?", ws, id).Take(&r).Error
	return tracking.VisitSession(r), translate(err, "session")
}

func (s processorStore) FirstSession(ctx context.Context, ws, anon string) (tracking.VisitSession, error) {
	var r sessionRow
	err := s.db.writer(ctx).Where("workspace_id = ? AND anonymous_id = ?", ws, anon).Order("started_at, number").Take(&r).Error
	return tracking.VisitSession(r), translate(err, "session")
}

// AddTouchpoint links the touchpoint to the campaign whose key it carries.
func (s processorStore) AddTouchpoint(ctx context.Context, t *tracking.TrackedTouch) error {
	tp := touchpointOf(t)
	id, err := s.campaignID(ctx, t.WorkspaceID, t.Campaign)
	if err != nil {
		return err
	}
	tp.CampaignID = id
	return translate(s.db.writer(ctx).Create(&tp).Error, "touchpoint")
}

func touchpointOf(t *tracking.TrackedTouch) marketing.Touchpoint {
	return marketing.Touchpoint{
		WorkspaceID: t.WorkspaceID, ID: t.ID, Type: t.Type, Channel: t.Channel, Source: t.Source, Medium: t.Medium,
		Campaign: t.Campaign, Content: t.Content, Term: t.Term, OccurredAt: t.OccurredAt, ContactID: t.ContactID,
		AccountID: t.AccountID, AnonymousID: t.AnonymousID, SessionID: t.SessionID, EventID: t.EventID,
		LandingPage: t.LandingPage, Referrer: t.Referrer, DeviceType: t.DeviceType, CreatedAt: time.Now().UTC(),
	}
}

// campaignID is the id of the workspace's campaign whose utm_campaign is
// key, nil when there is none (or key is empty).
func (s processorStore) campaignID(ctx context.Context, ws, key string) (*string, error) {
	if key == "" {
		return nil, nil
	}
	var c struct{ ID string }
	res := s.db.writer(ctx).Table("campaigns").Select("id").Where("workspace_id = ? AND utm_campaign = ?", ws, key).Limit(1).Scan(&c)
	if res.Error != nil || c.ID == "" {
		return nil, translate(res.Error, "campaign")
	}
	return &c.ID, nil
}

// VisitorSessions lists a visitor's sessions in order.
func (db *DB) VisitorSessions(ctx context.Context, ws, anon string) ([]tracking.VisitSession, error) {
	var rows []sessionRow
	err := db.reader(ctx).Where("workspace_id = ? AND anonymous_id = ?", ws, anon).Order("number").Find(&rows).Error
	out := make([]tracking.VisitSession, len(rows))
	for i, r := range rows {
		out[i] = tracking.VisitSession(r)
	}
	return out, translate(err, "sessions")
}
