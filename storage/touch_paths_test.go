package storage_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/reports"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// Two transactions writing touches of the same contact at once both end up
// in its touch path: the second waits for the first's fold and folds again
// with the first's touch in it. Without the lock in touch_path_refold, each
// would fold only its own touch and the later commit would drop the other.
func TestTouchPathsConcurrentWriters(t *testing.T) {
	u := storagetest.NewPostgresDatabase(t)
	db, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	ws, contact, now := domain.NewID(), domain.NewID(), time.Now().UTC()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO workspaces (id, name, created_at, updated_at) VALUES ($1, 'W', $2, $2)`, []any{ws, now}},
		{`INSERT INTO contacts (workspace_id, id, email, created_at, updated_at) VALUES ($1, $2, 'ann@example.com', $3, $3)`, []any{ws, contact, now}},
	} {
		if _, err := db.ExecContext(ctx, q.sql, q.args...); err != nil {
			t.Fatal(err)
		}
	}
	insert := `INSERT INTO touchpoints (workspace_id, id, type, channel, occurred_at, contact_id, created_at)
		VALUES ($1, $2, 'session', $3, $4, $5, $4)`
	first, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = first.Rollback() }()
	if _, err := first.ExecContext(ctx, insert, ws, domain.NewID(), "Email", now.Add(-time.Hour), contact); err != nil {
		t.Fatal(err)
	}
	var firstPID int
	if err := first.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&firstPID); err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		_, err := db.ExecContext(ctx, insert, ws, domain.NewID(), "Display", now, contact)
		second <- err
	}()
	// Wait until the second writer is blocked behind the first (not a sleep:
	// PostgreSQL says who waits for whom).
	for blocked := false; !blocked; {
		err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)))`, firstPID).Scan(&blocked)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-second:
			t.Fatalf("the second writer finished before the first committed: %v", err)
		default:
		}
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	var channels string
	if err := db.QueryRowContext(ctx, `SELECT channels FROM touch_paths WHERE workspace_id = $1 AND owner_id = $2`, ws, contact).Scan(&channels); err != nil {
		t.Fatal(err)
	}
	if got := strings.Split(channels, "\x1e"); len(got) != 2 || got[0] != "Email" || got[1] != "Display" {
		t.Errorf("touch path channels %q, want Email then Display", got)
	}
}

// Migrations 00007 and 00008 fill in the touch paths and the milestones of
// what was written before them: rolled back and applied again, they give
// the same milestones the moves recorded, and (checked when the test ends,
// on PostgreSQL) the touch paths of the touches already there.
func TestMigrationsFillInMilestonesAndTouchPaths(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ctx := context.Background()
		svc := crm.New(db.CRM())
		p := newWorkspace(t, db)
		byName := map[string]string{}
		for _, st := range stages(t, db, p) {
			byName[st.Name] = st.ID
		}
		c, err := svc.CreateContact(ctx, p, crm.ContactInput{Email: domain.Some("ann@example.com")})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := svc.CreateProspect(ctx, p, crm.ProspectInput{Title: domain.Some("Deal"),
			Contacts: domain.Some([]crm.ProspectContact{{ContactID: c.ID, Role: "champion"}})})
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []string{"Discovery", "Won"} {
			if _, err := svc.MoveProspect(ctx, p, pr.ID, crm.MoveInput{StageID: byName[st]}); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Now().UTC()
		for i, ch := range []string{"Email", "Display"} {
			if d != storage.Postgres {
				break // only PostgreSQL keeps touch paths (and lets this reader write)
			}
			err := db.Gorm(ctx).Exec(`INSERT INTO touchpoints (workspace_id, id, type, channel, occurred_at, contact_id, created_at)
				VALUES (?, ?, 'session', ?, ?, ?, ?)`, p.WorkspaceID, domain.NewID(), ch, now.Add(time.Duration(i-2)*time.Hour), c.ID, now).Error
			if err != nil {
				t.Fatal(err)
			}
		}
		before, err := svc.GetProspect(ctx, p, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if before.Milestones.WonAt == nil || strings.Count(before.Milestones.EnteredStages, ",") != 2 {
			t.Fatalf("milestones as moved: %+v", before.Milestones)
		}
		if err := db.MigrateDownTo(ctx, 6); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		after, err := svc.GetProspect(ctx, p, pr.ID)
		if err != nil {
			t.Fatal(err)
		}
		m, w := after.Milestones, before.Milestones
		if m.EnteredStages != w.EnteredStages || !m.OpportunityAt.Equal(*w.OpportunityAt) || !m.WonAt.Equal(*w.WonAt) {
			t.Errorf("milestones filled in: %+v, as moved: %+v", m, w)
		}
	})
}

// A journey read from touch paths (PostgreSQL's reports) is the journey read
// row by row (the drill-down): the same touches in the same order, across
// two contacts and the account's own touches, with ties at the same
// microsecond, a touch outside the lookback and one after the conversion.
func TestFoldedJourneysMatchRows(t *testing.T) {
	db := storagetest.Open(t, storage.Postgres)
	ctx := context.Background()
	svc := crm.New(db.CRM())
	p := newWorkspace(t, db)
	acct, err := svc.CreateAccount(ctx, p, crm.AccountInput{Name: domain.Some("Acme"), Domain: domain.Some("acme.example")})
	if err != nil {
		t.Fatal(err)
	}
	var contacts []string
	for _, email := range []string{"ann@acme.example", "bob@acme.example"} {
		c, err := svc.CreateContact(ctx, p, crm.ContactInput{Email: domain.Some(email), AccountID: domain.Some(acct.ID)})
		if err != nil {
			t.Fatal(err)
		}
		contacts = append(contacts, c.ID)
	}
	pr, err := svc.CreateProspect(ctx, p, crm.ProspectInput{Title: domain.Some("Deal"), AccountID: domain.Some(acct.ID),
		Contacts: domain.Some([]crm.ProspectContact{{ContactID: contacts[0], Role: "champion"}, {ContactID: contacts[1], Role: "user"}})})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stages(t, db, p) {
		if st.Phase == crm.PhaseWon {
			if _, err := svc.MoveProspect(ctx, p, pr.ID, crm.MoveInput{StageID: st.ID}); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	tie := now.Add(-48 * time.Hour)
	for i, tc := range []struct {
		contact *string
		channel string
		at      time.Time
	}{
		{&contacts[1], "Email", tie}, {nil, "Display", tie}, {&contacts[0], "Paid Search", tie},
		{&contacts[0], "Referral", now.Add(-72 * time.Hour)}, {nil, "Organic Social", now.Add(-time.Hour)},
		{&contacts[1], "Direct", now.Add(-100 * 24 * time.Hour)}, // outside the 90-day lookback
		{&contacts[0], "Affiliates", now.Add(time.Hour)},         // after the conversion
		{&contacts[1], "Paid Social", tie.Add(time.Microsecond)},
	} {
		err := db.Gorm(ctx).Exec(`INSERT INTO touchpoints (workspace_id, id, type, channel, occurred_at, contact_id, account_id, created_at)
			VALUES (?, ?, 'session', ?, ?, ?, ?, ?)`, p.WorkspaceID, domain.NewID(), tc.channel, tc.at, tc.contact, acct.ID, now).Error
		if err != nil {
			t.Fatalf("touch %d: %v", i, err)
		}
	}
	read := func(details bool) []string {
		var out []string
		q := reports.JourneyQuery{Period: reports.Period{From: now.AddDate(0, 0, -1), To: now.AddDate(0, 0, 1)}, Conversion: reports.ConvertWon,
			GroupBy: reports.GroupChannel, LookbackDays: 90, Currency: crm.DefaultCurrency, Details: details}
		err := db.Reports().Journeys(ctx, p.WorkspaceID, q, func(j analytics.Journey, _ []reports.JourneyTouch) error {
			for _, tp := range j.Touches {
				out = append(out, tp.Group+"@"+tp.At.Format(time.RFC3339Nano))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	rows, folded := read(true), read(false)
	if len(rows) != 6 {
		t.Fatalf("rows: %d touches, want 6: %v", len(rows), rows)
	}
	first := []string{"Paid Search", "Email"}
	if contacts[1] < contacts[0] {
		first[0], first[1] = first[1], first[0]
	}
	for i, want := range append(first, "Display") {
		if !strings.HasPrefix(rows[i+1], want+"@") {
			t.Errorf("touch %d: %s, want %s (at the same time: contacts by id, then the account)", i+1, rows[i+1], want)
		}
	}
	if strings.Join(folded, " ") != strings.Join(rows, " ") {
		t.Errorf("folded journey differs from the rows:\nfolded %v\nrows   %v", folded, rows)
	}
}

// BenchmarkTouchpointInsert is what keeping touch paths costs a write: one
// touchpoint inserted for a contact that has 25 already, later than them (it
// is appended to the path), with the triggers on and, in the same run, off;
// and one from the past (the path is folded again).
//
//	go test ./storage/ -run '^$' -bench TouchpointInsert -benchtime 3000x -count 5
func BenchmarkTouchpointInsert(b *testing.B) {
	db, err := sql.Open("pgx", storagetest.NewPostgresDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	ws, now := domain.NewID(), time.Now().UTC()
	if _, err := db.ExecContext(ctx, `INSERT INTO workspaces (id, name, created_at, updated_at) VALUES ($1, 'W', $2, $2)`, ws, now); err != nil {
		b.Fatal(err)
	}
	contacts := make([]string, 100)
	for i := range contacts {
		contacts[i] = domain.NewID()
		if _, err := db.ExecContext(ctx, `INSERT INTO contacts (workspace_id, id, email, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
			ws, contacts[i], contacts[i]+"@example.com", now); err != nil {
			b.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO touchpoints (workspace_id, id, type, channel, source, medium, campaign, occurred_at, contact_id, created_at)
			SELECT $1, gen_random_uuid(), 'session', 'Paid Search', 'google', 'cpc', 'spring', $3::timestamptz - k * interval '1 day', $2, $3 FROM generate_series(1, 25) k`,
			ws, contacts[i], now); err != nil {
			b.Fatal(err)
		}
	}
	insert := `INSERT INTO touchpoints (workspace_id, id, type, channel, source, medium, campaign, occurred_at, contact_id, created_at)
		VALUES ($1, $2, 'session', 'Email', 'newsletter', 'email', 'spring', $3, $4, $3)`
	for _, run := range []struct {
		name, triggers string
		step           time.Duration
	}{{"append", "ENABLE", time.Millisecond}, {"past", "ENABLE", -time.Millisecond}, {"no-triggers", "DISABLE", time.Millisecond}} {
		b.Run(run.name, func(b *testing.B) {
			if _, err := db.ExecContext(ctx, "ALTER TABLE touchpoints "+run.triggers+" TRIGGER USER"); err != nil {
				b.Fatal(err)
			}
			if run.step < 0 {
				now = now.Add(-2 * 24 * time.Hour) // before the latest seeded touch
			}
			for i := 0; b.Loop(); i++ {
				// Live tracking: each touch later than the last (an import from
				// the past folds the path again instead of appending).
				at := now.Add(time.Duration(i+1) * run.step)
				if _, err := db.ExecContext(ctx, insert, ws, domain.NewID(), at, contacts[i%len(contacts)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	if _, err := db.ExecContext(ctx, "ALTER TABLE touchpoints ENABLE TRIGGER USER"); err != nil {
		b.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "DELETE FROM touchpoints WHERE workspace_id = $1", ws); err != nil {
		b.Fatal(err) // leaves no stale path behind for the end-of-test check
	}
}
