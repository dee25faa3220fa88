package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/demo"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// demoPlan plans a demo of two chunks for the workspace of p, so that
// writers work side by side.
func demoPlan(t *testing.T, db *storage.DB, p auth.Principal, now time.Time) demo.Plan {
	t.Helper()
	plan, err := demo.Generate(demo.Config{Seed: 9, Now: now, Scale: 1.1, WorkspaceID: p.WorkspaceID, Stages: stages(t, db, p), Owners: []string{p.MemberID}})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// A written demo is the plan, row for row, and holds the app's invariants
// when read back with SQL and through the crm service; deleting its
// workspace removes every row.
func TestWriteDemo(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ctx := context.Background()
		p := newWorkspace(t, db)
		other := newWorkspace(t, db)
		now := domain.Now()
		plan := demoPlan(t, db, p, now)
		n, err := db.WriteDemo(ctx, plan)
		if err != nil {
			t.Fatal(err)
		}
		var want demo.Counts
		want.Campaigns, want.Spend = len(plan.Campaigns), len(plan.Spend)
		var outcomes []demo.Outcome
		var prospects []crm.Prospect
		for c := range plan.Chunks() {
			want.AddChunk(c)
			outcomes = append(outcomes, c.Outcomes...)
			prospects = append(prospects, c.Prospects...)
		}
		if n != want || n.Prospects != 1650 || plan.NumChunks() != 2 || n.Won == 0 || n.Lost == 0 || n.Open == 0 {
			t.Fatalf("wrote %+v, planned %+v", n, want)
		}
		tables := map[string]int{
			"campaigns": n.Campaigns, "campaign_spend": n.Spend, "accounts": n.Accounts, "contacts": n.Contacts,
			"prospects": n.Prospects, "prospect_contacts": n.ProspectContacts, "stage_changes": n.StageChanges,
			"activities": n.Activities, "visitors": n.Visitors, "sessions": n.Sessions, "touchpoints": n.Touchpoints,
		}
		for table, rows := range tables {
			if got := count(t, db, "SELECT count(*) FROM "+table+" WHERE workspace_id = ?", p.WorkspaceID); got != rows {
				t.Errorf("%s: %d rows in the workspace, wrote %d", table, got, rows)
			}
			if got := count(t, db, "SELECT count(*) FROM "+table+" WHERE workspace_id = ?", other.WorkspaceID); got != 0 {
				t.Errorf("%s: %d rows leaked into another workspace", table, got)
			}
		}

		for name, query := range demoViolations {
			if got := count(t, db, query, p.WorkspaceID, now); got != 0 {
				t.Errorf("%s: %d rows", name, got)
			}
		}
		checkExposure(t, db, p.WorkspaceID, outcomes)
		checkReadBack(t, db, p, prospects)

		if err := db.DeleteWorkspace(ctx, p.WorkspaceID); err != nil {
			t.Fatal(err)
		}
		for table := range tables {
			if got := count(t, db, "SELECT count(*) FROM "+table+" WHERE workspace_id = ?", p.WorkspaceID); got != 0 {
				t.Errorf("%s: %d rows outlived their workspace", table, got)
			}
		}
	})
}

// demoViolations are queries (workspace, now) that count rows breaking an
// invariant of the app; each must count none.
var demoViolations = map[string]string{
	"won without closed_at or a change into a won-phase stage": `SELECT count(*) FROM prospects p WHERE p.workspace_id = ? AND p.status = 'won'
		AND (p.closed_at IS NULL OR p.closed_at > ? OR NOT EXISTS (SELECT 1 FROM stage_changes c JOIN stages s ON s.workspace_id = c.workspace_id AND s.id = c.to_stage_id
			WHERE c.workspace_id = p.workspace_id AND c.prospect_id = p.id AND s.phase = 'won' AND c.changed_at = p.closed_at))`,
	"status not the phase's": `SELECT count(*) FROM prospects p JOIN stages s ON s.workspace_id = p.workspace_id AND s.id = p.stage_id
		WHERE p.workspace_id = ? AND p.updated_at <= ? AND NOT (p.status = CASE s.phase WHEN 'lost' THEN 'lost' WHEN 'won' THEN 'won' WHEN 'customer' THEN 'won' WHEN 'churned' THEN 'won' ELSE 'open' END)`,
	"a change that does not start where the previous ended": `SELECT count(*) FROM stage_changes c WHERE c.workspace_id = ? AND c.changed_at <= ? AND c.from_stage_id IS DISTINCT FROM
		(SELECT prev.to_stage_id FROM stage_changes prev WHERE prev.workspace_id = c.workspace_id AND prev.prospect_id = c.prospect_id
			AND (prev.changed_at < c.changed_at) ORDER BY prev.changed_at DESC LIMIT 1)`,
	"a prospect not in the stage its last change entered": `SELECT count(*) FROM prospects p WHERE p.workspace_id = ? AND p.created_at <= ? AND NOT EXISTS (
		SELECT 1 FROM stage_changes c WHERE c.workspace_id = p.workspace_id AND c.prospect_id = p.id AND c.to_stage_id = p.stage_id
			AND c.changed_at = p.stage_entered_at AND NOT EXISTS (SELECT 1 FROM stage_changes later WHERE later.workspace_id = c.workspace_id
				AND later.prospect_id = c.prospect_id AND later.changed_at > c.changed_at))`,
	"a touch in the future": `SELECT count(*) FROM touchpoints WHERE workspace_id = ? AND occurred_at > ?`,
	"a touch of a contact without the contact's account": `SELECT count(*) FROM touchpoints t JOIN contacts c ON c.workspace_id = t.workspace_id AND c.id = t.contact_id
		WHERE t.workspace_id = ? AND t.occurred_at <= ? AND t.account_id IS DISTINCT FROM c.account_id`,
	"a tagged touch not linked to its campaign": `SELECT count(*) FROM touchpoints t LEFT JOIN campaigns c ON c.workspace_id = t.workspace_id AND c.id = t.campaign_id
		WHERE t.workspace_id = ? AND t.occurred_at <= ? AND (t.campaign <> '' OR t.campaign_id IS NOT NULL) AND (c.utm_campaign IS NULL OR c.utm_campaign <> t.campaign)`,
	"a session touch without its session": `SELECT count(*) FROM touchpoints t WHERE t.workspace_id = ? AND t.occurred_at <= ? AND t.type = 'session'
		AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.workspace_id = t.workspace_id AND s.id = t.session_id AND s.started_at = t.occurred_at)`,
	"a contact whose first touch is not its earliest session": `SELECT count(*) FROM contacts c WHERE c.workspace_id = ? AND c.created_at <= ?
		AND c.first_touch_occurred_at IS DISTINCT FROM (SELECT min(s.started_at) FROM sessions s WHERE s.workspace_id = c.workspace_id AND s.contact_id = c.id)`,
	"a prospect whose first touch is not its buying group's earliest": `SELECT count(*) FROM prospects p WHERE p.workspace_id = ? AND p.created_at <= ?
		AND p.first_touch_occurred_at IS DISTINCT FROM (SELECT min(c.first_touch_occurred_at) FROM prospect_contacts pc JOIN contacts c
			ON c.workspace_id = pc.workspace_id AND c.id = pc.contact_id WHERE pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id)`,
}

// checkExposure: for every decided prospect, the database says it was
// exposed (an ad impression reached its buying group before closed_at)
// exactly when the model exposed it; impressions served after the decision
// exist, and do not count.
func checkExposure(t *testing.T, db *storage.DB, ws string, outcomes []demo.Outcome) {
	t.Helper()
	var rows []struct {
		ID           string
		ExposedAfter bool
		Exposed      bool
	}
	// CROSS JOIN makes SQLite read a buying group first, then its contacts'
	// touches by the contact index; left to itself it scans touches by time.
	err := db.Gorm(context.Background()).Raw(`SELECT p.id,
		EXISTS (SELECT 1 FROM prospect_contacts pc CROSS JOIN touchpoints t WHERE t.workspace_id = pc.workspace_id AND t.contact_id = pc.contact_id
			AND pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id AND t.type = 'ad_impression' AND t.channel = 'Display' AND t.occurred_at < p.closed_at) AS exposed,
		EXISTS (SELECT 1 FROM prospect_contacts pc CROSS JOIN touchpoints t WHERE t.workspace_id = pc.workspace_id AND t.contact_id = pc.contact_id
			AND pc.workspace_id = p.workspace_id AND pc.prospect_id = p.id AND t.type = 'ad_impression' AND t.occurred_at > p.closed_at) AS exposed_after
		FROM prospects p WHERE p.workspace_id = ? AND p.closed_at IS NOT NULL`, ws).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	truth := map[string]demo.Outcome{}
	for _, o := range outcomes {
		truth[o.ProspectID] = o
	}
	trap := 0
	for _, r := range rows {
		o := truth[r.ID]
		if !o.Decided || r.Exposed != o.Exposed {
			t.Errorf("prospect %s: exposed before its decision %v in the database, %+v in the model", r.ID, r.Exposed, o)
		}
		if r.ExposedAfter && !r.Exposed {
			trap++
		}
	}
	if len(rows) == 0 || trap == 0 {
		t.Errorf("%d decided prospects, %d with impressions only after the decision; want some of each", len(rows), trap)
	}
}

// checkReadBack: the crm service reads each prospect as planned, with its
// history, and a contact's timeline shows its sessions.
func checkReadBack(t *testing.T, db *storage.DB, p auth.Principal, prospects []crm.Prospect) {
	t.Helper()
	ctx := context.Background()
	svc := crm.New(db.CRM())
	var champion string
	for _, want := range prospects[:40] {
		got, err := svc.GetProspect(ctx, p, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.StageID != want.StageID || got.Status != want.Status || !got.StageEnteredAt.Equal(want.StageEnteredAt) ||
			(got.ClosedAt == nil) != (want.ClosedAt == nil) || got.ClosedAt != nil && !got.ClosedAt.Equal(*want.ClosedAt) ||
			got.Amount != want.Amount || got.Currency != "EUR" || *got.FirstTouch.Channel != *want.FirstTouch.Channel ||
			*got.FirstTouch.DeviceType != *want.FirstTouch.DeviceType || !got.FirstTouch.OccurredAt.Equal(*want.FirstTouch.OccurredAt) ||
			len(got.Contacts) == 0 || got.ExpectedCloseDate == nil || !got.ExpectedCloseDate.Equal(*want.ExpectedCloseDate) {
			t.Fatalf("read back\n%+v\nplanned\n%+v", got, want)
		}
		changes, err := svc.ListStageChanges(ctx, p, want.ID, domain.ListQuery{Limit: 100})
		if err != nil || len(changes.Items) == 0 || changes.Items[0].FromStageID != nil || changes.Items[len(changes.Items)-1].ToStageID != want.StageID {
			t.Fatalf("stage changes of %s: %v %+v", want.Title, err, changes.Items)
		}
		champion = got.Contacts[0].ContactID
	}
	page, err := svc.Timeline(ctx, p, crm.TimelineSubject{Kind: "contact", ID: champion}, domain.ListQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	sessions := 0
	for _, it := range page.Items {
		if it.Session != nil && it.Session.PageViews > 0 {
			sessions++
		}
	}
	if sessions == 0 {
		t.Errorf("the champion's timeline shows no sessions: %+v", page.Items)
	}
}

func count(t *testing.T, db *storage.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Gorm(context.Background()).Raw(query, args...).Scan(&n).Error; err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
