package storage

import (
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Timeline sources from tracking: the sessions and track events of the
// subject's contacts (a contact's own; an account's contacts'; a prospect's
// buying group's).

// subjectContacts is a subquery of the ids of the subject's contacts.
func subjectContacts(db *gorm.DB, ws string, subj crm.TimelineSubject) *gorm.DB {
	switch subj.Kind {
	case "account":
		return db.Table("contacts").Select("id").Where("workspace_id = ? AND account_id = ?", ws, subj.ID)
	case "prospect":
		return db.Table("prospect_contacts").Select("contact_id").Where("workspace_id = ? AND prospect_id = ?", ws, subj.ID)
	default:
		return db.Table("contacts").Select("id").Where("workspace_id = ? AND id = ?", ws, subj.ID)
	}
}

func sessionItems(db *gorm.DB, ws string, subj crm.TimelineSubject, after *crm.TimelineCursor, limit int) ([]crm.TimelineItem, error) {
	q := db.Model(&sessionRow{}).Where("workspace_id = ? AND contact_id IN (?)", ws, subjectContacts(db.Session(&gorm.Session{NewDB: true}), ws, subj))
	return readItems(q, "started_at", after, limit, func(s *sessionRow) crm.TimelineItem {
		return crm.TimelineItem{Kind: crm.TimelineSession, ID: s.ID, OccurredAt: s.StartedAt.UTC(), Session: &crm.Visit{
			ID: s.ID, AnonymousID: s.AnonymousID, StartedAt: s.StartedAt.UTC(), LastAt: s.LastAt.UTC(), Channel: string(s.Channel),
			Source: s.Source, Medium: s.Medium, Campaign: s.Campaign, LandingPage: s.LandingPage,
			DeviceType: string(s.DeviceType), PageViews: s.PageViews,
		}}
	})
}

// withPages lists the page views of the sessions that made the merged page:
// one indexed range read per returned session, none for those the merge cut.
func withPages(db *gorm.DB, ws string, items []crm.TimelineItem) error {
	for _, it := range items {
		if it.Session == nil {
			continue
		}
		pages, err := visitPages(db, ws, it.Session)
		if err != nil {
			return err
		}
		it.Session.Pages = pages
	}
	return nil
}

// trackedEvents selects eventItems' events, each kind of key looked up in its
// index (inSet): events_anonymous_idx for the visitors' anonymousIds,
// events_user_idx for the userIds.
func trackedEvents(db *gorm.DB, ws string, subj crm.TimelineSubject) *gorm.DB {
	fresh := db.Session(&gorm.Session{NewDB: true})
	anon := fresh.Table("visitors").Select("anonymous_id").Where("workspace_id = ? AND contact_id IN (?)", ws, subjectContacts(fresh, ws, subj))
	users := fresh.Table("contacts").Select("external_id").Where("workspace_id = ? AND external_id IS NOT NULL AND id IN (?)", ws, subjectContacts(fresh, ws, subj))
	merged := fresh.Table("contact_merges").Select("external_id").Where("workspace_id = ? AND external_id IS NOT NULL AND survivor_id IN (?)", ws, subjectContacts(fresh, ws, subj))
	return db.Table("events").Select("id, type, event, timestamp, payload").
		Where("workspace_id = ? AND type = 'track' AND ("+inSet(db, "anonymous_id", "?")+
			" OR (user_id <> '' AND "+inSet(db, "user_id", "?")+") OR (user_id <> '' AND "+inSet(db, "user_id", "?")+"))", ws, anon, users, merged)
}

// userVisitorHits selects the hits of a user's server-side visitor: those
// sent with its userId and no anonymousId. events_user_idx holds only events
// with a userId (migration 18); ruling out the empty user_id here lets the
// planner use it for any value, in a generic plan too.
const userVisitorHits = "user_id = ? AND user_id <> '' AND anonymous_id = ''"

type trackedEventRow struct {
	ID        string
	Type      string
	Event     string
	Timestamp time.Time
	Payload   []byte
}

// visitPages reads the first page and screen views of the session's visitor
// between its start and its last hit (events_anonymous_idx; for a user's
// server-side visitor, events_user_idx: userVisitorHits).
func visitPages(db *gorm.DB, ws string, v *crm.Visit) ([]crm.PageView, error) {
	q := db.Table("events").Select("id, type, event, timestamp, payload").Where("workspace_id = ?", ws)
	if user, ok := strings.CutPrefix(v.AnonymousID, tracking.UserVisitorPrefix); ok {
		q = q.Where(userVisitorHits, user)
	} else {
		q = q.Where("anonymous_id = ?", v.AnonymousID)
	}
	var rows []trackedEventRow
	err := q.Where(`"timestamp" >= ? AND "timestamp" <= ? AND type IN ('page', 'screen')`, v.StartedAt, v.LastAt).
		Order(`"timestamp", id`).Limit(crm.VisitPages).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	pages := make([]crm.PageView, 0, len(rows))
	for _, r := range rows {
		m, err := tracking.DecodeStored(r.Payload)
		if err != nil {
			return nil, err
		}
		url := m.PageURL()
		if url == "" {
			url = m.Name
		}
		title, _ := m.Properties["title"].(string)
		if title == "" {
			title = m.Name
		}
		pages = append(pages, crm.PageView{URL: url, Title: title, At: r.Timestamp.UTC()})
	}
	return pages, nil
}

// eventItems: track calls of the visitors linked to the subject's contacts,
// or sent with a contact's external id as userId, or with that of a contact
// merged into one of them.
func eventItems(db *gorm.DB, ws string, subj crm.TimelineSubject, after *crm.TimelineCursor, limit int) ([]crm.TimelineItem, error) {
	q := trackedEvents(db, ws, subj)
	var decodeErr error
	items, err := readItems(q, `"timestamp"`, after, limit, func(r *trackedEventRow) crm.TimelineItem {
		m, err := tracking.DecodeStored(r.Payload)
		if err != nil && decodeErr == nil {
			decodeErr = err
		}
		return crm.TimelineItem{Kind: crm.TimelineEvent, ID: r.ID, OccurredAt: r.Timestamp.UTC(), Event: &crm.TrackedEvent{
			ID: r.ID, Event: r.Event, Timestamp: r.Timestamp.UTC(), Properties: m.Properties,
		}}
	})
	if err == nil {
		err = decodeErr
	}
	return items, err
}
