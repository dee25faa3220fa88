package storage_test

import (
	"context"
	"testing"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// SQLite keeps planner statistics only when asked: after Optimize there are
// some for the tables that hold rows.
func TestOptimizeGivesSQLiteStatistics(t *testing.T) {
	ctx := context.Background()
	db := storagetest.Open(t, storage.SQLite)
	p := newWorkspace(t, db)
	svc := crm.New(db.CRM())
	for i := range 20 {
		if _, err := svc.CreateAccount(ctx, p, crm.AccountInput{Name: domain.Some("Account " + string(rune('a'+i)))}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Gorm(ctx).Raw("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'accounts'").Scan(&n).Error; err != nil {
		t.Fatalf("no statistics table after Optimize: %v", err)
	}
	if n == 0 {
		t.Fatal("no statistics for accounts after Optimize")
	}
}
