package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// findAll, which lists use, must read exactly what GORM's Find reads: every
// column, NULLs as nil pointers, set values, embedded first touches and
// milestones, and a joined column, on both databases.
func TestFindAllMatchesGormFind(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ctx := context.Background()
		svc := crm.New(db.CRM())
		p := newWorkspace(t, db)
		pipeline := stages(t, db, p)

		acme, err := svc.CreateAccount(ctx, p, crm.AccountInput{Name: domain.Some("Acme"), Domain: domain.Some("acme.test")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateAccount(ctx, p, crm.AccountInput{Name: domain.Some("No domain")}); err != nil {
			t.Fatal(err)
		}
		ada, err := svc.CreateContact(ctx, p, crm.ContactInput{Email: domain.Some("ada@acme.test"), FirstName: domain.Some("Ada"), LastName: domain.Some("O'Brien 🦄"), Phone: domain.Some("+44 20"), JobTitle: domain.Some("CTO"), AccountID: domain.Some(acme.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateContact(ctx, p, crm.ContactInput{LastName: domain.Some("Bare")}); err != nil {
			t.Fatal(err)
		}
		touched := time.Date(2026, 3, 4, 5, 6, 7, 891000000, time.UTC)
		err = db.Tx(ctx, func(ctx context.Context) error {
			return db.Gorm(ctx).Exec("UPDATE contacts SET first_touch_channel = 'paid_search', first_touch_source = 'google', first_touch_occurred_at = ? WHERE workspace_id = ? AND id = ?", touched, p.WorkspaceID, ada.ID).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := svc.CreateProspect(ctx, p, crm.ProspectInput{Title: domain.Some("Big deal"), AccountID: domain.Some(acme.ID), Amount: domain.Some[int64](1_250_000), Currency: domain.Some("EUR"), Contacts: domain.Some([]crm.ProspectContact{{ContactID: ada.ID}})})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.MoveProspect(ctx, p, pr.ID, crm.MoveInput{StageID: pipeline[len(pipeline)/2].ID}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateProspect(ctx, p, crm.ProspectInput{Title: domain.Some("Empty")}); err != nil {
			t.Fatal(err)
		}
		due := time.Now().Add(72 * time.Hour).UTC()
		for _, in := range []crm.ActivityInput{
			{Type: domain.Some(crm.ActivityTask), Subject: domain.Some("Call back"), DueAt: domain.Some(due), ContactID: domain.Some(ada.ID), ProspectID: domain.Some(pr.ID)},
			{Type: domain.Some(crm.ActivityNote), Body: domain.Some("a note\nwith lines")},
		} {
			if _, err := svc.CreateActivity(ctx, p, in); err != nil {
				t.Fatal(err)
			}
		}

		q := func() *gorm.DB { return db.Gorm(ctx).Where("workspace_id = ?", p.WorkspaceID).Order("id") }
		same[crm.Account](t, q().Model(&crm.Account{}), 2)
		same[crm.Contact](t, q().Model(&crm.Contact{}), 2)
		same[crm.Activity](t, q().Model(&crm.Activity{}), 2)
		same[storage.ProspectRow](t, q().Model(&storage.ProspectRow{}).Select(storage.ProspectSelect), 2)
		same[workspace.Member](t, q().Model(&workspace.Member{}), 1)
		same[crm.Stage](t, q().Model(&crm.Stage{}), len(pipeline))

		// takeOne, behind GetMember, reads one row or says there is none.
		m, err := db.Tenancy().GetMember(ctx, p.WorkspaceID, p.MemberID)
		if err != nil || m.ID != p.MemberID || m.Role != p.Role {
			t.Fatalf("GetMember: %+v, %v", m, err)
		}
		if _, err := db.Tenancy().GetMember(ctx, p.WorkspaceID, domain.NewID()); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("GetMember of no one: %v, want not found", err)
		}
	})
}

// same reads q with GORM's Find and with findAll, and requires the same n
// rows and that findAll read them in place.
func same[T any](t *testing.T, q *gorm.DB, n int) {
	t.Helper()
	var want []T
	if err := q.Session(&gorm.Session{}).Find(&want).Error; err != nil {
		t.Fatal(err)
	}
	got, err := storage.FindAll[T](q.Session(&gorm.Session{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != n {
		t.Fatalf("%T: Find read %d rows, want %d", want, len(want), n)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%T: findAll read\n%+v\nGORM's Find read\n%+v", got, got, want)
	}
	rows, err := q.Session(&gorm.Session{}).Rows()
	if err != nil {
		t.Fatal(err)
	}
	cols, err := rows.Columns()
	_ = rows.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !storage.ScansInPlace[T](q, cols) {
		t.Fatalf("%T: findAll fell back to GORM's scan for columns %v", got, cols)
	}
}
