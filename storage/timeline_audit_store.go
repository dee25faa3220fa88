package storage

import (
	"encoding/json"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain/crm"
)

// mergeItems: the contacts merged into the subject contact, from the audit log.
func mergeItems(db *gorm.DB, ws string, subj crm.TimelineSubject, after *crm.TimelineCursor, limit int) ([]crm.TimelineItem, error) {
	if subj.Kind != "contact" {
		return nil, nil
	}
	q := db.Model(&crm.AuditEntry{}).Where("workspace_id = ? AND subject_kind = 'contact' AND subject_id = ? AND action = ?", ws, subj.ID, crm.AuditContactMerged)
	var decodeErr error
	items, err := readItems(q, "occurred_at", after, limit, func(e *crm.AuditEntry) crm.TimelineItem {
		m := &crm.Merge{ID: e.ID}
		if e.OtherID != nil {
			m.MergedID = *e.OtherID
		}
		if err := json.Unmarshal([]byte(e.Details), &m.MergeDetails); err != nil && decodeErr == nil {
			decodeErr = err
		}
		return crm.TimelineItem{Kind: crm.TimelineMerge, ID: e.ID, OccurredAt: e.OccurredAt.UTC(), Merge: m}
	})
	if err == nil {
		err = decodeErr
	}
	return items, err
}
