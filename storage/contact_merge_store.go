package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// MergeContacts moves everything of the merged contact onto the survivor,
// deletes it and records where it went, in the caller's transaction. On
// PostgreSQL both rows are locked first, in id order, so concurrent merges
// of the same people wait for each other instead of deadlocking.
func (s processorStore) MergeContacts(ctx context.Context, m tracking.ContactMerge) error {
	tx := s.db.writer(ctx)
	ws, keep, gone := m.WorkspaceID, m.Survivor.ID, m.Merged.ID
	lock := "SELECT * FROM contacts WHERE workspace_id = ? AND id IN (?, ?) ORDER BY id"
	if s.db.dialect == Postgres {
		lock += " FOR UPDATE"
	}
	var rows []crm.Contact
	if err := tx.Raw(lock, ws, keep, gone).Scan(&rows).Error; err != nil {
		return translate(err, "contact")
	}
	if len(rows) != 2 {
		return fmt.Errorf("merging contacts %s and %s: %d found: %w", keep, gone, len(rows), domain.ErrNotFound)
	}
	merged := rows[0]
	if merged.ID != gone {
		merged = rows[1]
	}
	steps := []string{
		"UPDATE visitors SET contact_id = @keep WHERE workspace_id = @ws AND contact_id = @gone",
		"UPDATE sessions SET contact_id = @keep WHERE workspace_id = @ws AND contact_id = @gone",
		"UPDATE touchpoints SET contact_id = @keep WHERE workspace_id = @ws AND contact_id = @gone",
		"UPDATE activities SET contact_id = @keep WHERE workspace_id = @ws AND contact_id = @gone",
		// A prospect both were on keeps the survivor once, in its own role.
		`INSERT INTO prospect_contacts (workspace_id, prospect_id, contact_id, role, created_at)
			SELECT workspace_id, prospect_id, @keep, role, created_at FROM prospect_contacts WHERE workspace_id = @ws AND contact_id = @gone
			ON CONFLICT DO NOTHING`,
		"DELETE FROM prospect_contacts WHERE workspace_id = @ws AND contact_id = @gone",
		// Contacts merged into the merged one now lead to the survivor.
		"UPDATE contact_merges SET survivor_id = @keep WHERE workspace_id = @ws AND survivor_id = @gone",
	}
	args := map[string]any{"ws": ws, "keep": keep, "gone": gone}
	if acct := m.Result().AccountID; acct != nil {
		// As when a visitor is linked: the person's touches without an
		// account land on the account they end up on.
		steps = append([]string{"UPDATE touchpoints SET account_id = @acct WHERE workspace_id = @ws AND contact_id = @gone AND account_id IS NULL"}, steps...)
		args["acct"] = *acct
	}
	for _, sql := range steps {
		if err := tx.Exec(sql, args).Error; err != nil {
			return translate(err, "contact merge")
		}
	}
	if m.TakeFirstTouch {
		ft := merged.FirstTouch
		err := tx.Table("contacts").Where("workspace_id = ? AND id = ?", ws, keep).Updates(map[string]any{
			"first_touch_channel": ft.Channel, "first_touch_source": ft.Source, "first_touch_medium": ft.Medium,
			"first_touch_campaign": ft.Campaign, "first_touch_landing_page": ft.LandingPage,
			"first_touch_device_type": ft.DeviceType, "first_touch_occurred_at": ft.OccurredAt,
		}).Error
		if err != nil {
			return translate(err, "contact")
		}
	}
	// The merged contact goes before the survivor takes its email and
	// userId: both are unique in the workspace.
	if err := affected(tx.Where("workspace_id = ? AND id = ?", ws, gone).Delete(&crm.Contact{}), "contact"); err != nil {
		return err
	}
	if m.Fill != (tracking.ContactFill{}) {
		if err := s.FillContact(ctx, ws, keep, m.Fill, m.At); err != nil {
			return err
		}
	}
	err := tx.Exec(`INSERT INTO contact_merges (workspace_id, merged_id, survivor_id, external_id, email, merged_at) VALUES (?, ?, ?, ?, ?, ?)`,
		ws, gone, keep, merged.ExternalID, merged.Email, m.At).Error
	if err != nil {
		return translate(err, "contact merge")
	}
	return s.auditMerge(ctx, m)
}

// auditMerge writes the merge to the audit log, on the survivor.
func (s processorStore) auditMerge(ctx context.Context, m tracking.ContactMerge) error {
	details, err := json.Marshal(crm.MergeDetails{
		Reason: string(m.Reason), EventID: m.EventID, Email: m.Merged.Email, UserID: m.Merged.ExternalID,
		Name: strings.TrimSpace(m.Merged.FirstName + " " + m.Merged.LastName),
	})
	if err != nil {
		return err
	}
	gone := m.Merged.ID
	e := crm.AuditEntry{
		WorkspaceID: m.WorkspaceID, ID: domain.NewID(), Action: crm.AuditContactMerged, SubjectKind: "contact",
		SubjectID: m.Survivor.ID, OtherID: &gone, ActorKind: crm.ActorRule, Details: string(details), OccurredAt: m.At,
	}
	return translate(s.db.writer(ctx).Create(&e).Error, "audit entry")
}

// mergedInto turns a contact's not-found into a *domain.MergedError when
// the contact was merged into another.
func (db *DB) mergedInto(ctx context.Context, ws, id string, notFound error) error {
	if !errors.Is(notFound, domain.ErrNotFound) {
		return notFound
	}
	var m struct{ SurvivorID string }
	res := db.reader(ctx).Table("contact_merges").Select("survivor_id").Where("workspace_id = ? AND merged_id = ?", ws, id).Scan(&m)
	if res.Error != nil {
		return translate(res.Error, "contact")
	}
	if m.SurvivorID == "" {
		return notFound
	}
	return &domain.MergedError{Into: m.SurvivorID}
}
