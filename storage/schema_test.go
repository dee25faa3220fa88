package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// Every table carries workspace_id and every unique index includes it, so no
// unique rule can leak across workspaces and the schema can shard by workspace.
func TestSchemaIsScopedByWorkspace(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		tables, uniques, err := db.SchemaInfo(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) < 12 {
			t.Fatalf("found %d tables: %v", len(tables), tables)
		}
		for table, cols := range tables {
			if table == "workspaces" {
				continue
			}
			if !contains(cols, "workspace_id") {
				t.Errorf("table %s has no workspace_id", table)
			}
		}
		for name, cols := range uniques {
			if strings.HasPrefix(name, "workspaces") {
				continue
			}
			if !contains(cols, "workspace_id") {
				t.Errorf("unique index %s (%v) does not include workspace_id", name, cols)
			}
		}
		if len(uniques) < 10 {
			t.Errorf("found only %d unique indexes: the catalog query is wrong", len(uniques))
		}
	})
}

func TestMigrateIsIdempotentAndReady(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		db := storagetest.Open(t, d)
		ctx := context.Background()
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if err := db.Ready(ctx); err != nil {
			t.Fatalf("ready: %v", err)
		}
		_ = db.Close()
		if err := db.Ready(ctx); err == nil {
			t.Fatal("a closed database reports ready")
		}
	})
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// On PostgreSQL the event processor's tables do not check each row's
// workspace against workspaces (migration 20: a query and a row lock per
// inserted row), while their references to contacts stay; migrating down
// puts the checks back.
func TestProcessorTablesDoNotCheckTheirWorkspace(t *testing.T) {
	db := storagetest.Open(t, storage.Postgres)
	ctx := context.Background()
	references := func() []string {
		t.Helper()
		var refs []string
		if err := db.Gorm(ctx).Raw(`SELECT conrelid::regclass::text || ' -> ' || confrelid::regclass::text FROM pg_constraint
			WHERE contype = 'f' AND conrelid::regclass::text IN ('visitors', 'sessions', 'touchpoints') ORDER BY 1`).Scan(&refs).Error; err != nil {
			t.Fatal(err)
		}
		return refs
	}
	got := references()
	for _, r := range got {
		if strings.HasSuffix(r, "-> workspaces") {
			t.Errorf("%s is still checked", r)
		}
	}
	if !contains(got, "touchpoints -> contacts") || !contains(got, "visitors -> contacts") {
		t.Errorf("the references to contacts went too: %v", got)
	}
	if err := db.MigrateDownTo(ctx, 19); err != nil {
		t.Fatal(err)
	}
	if down := references(); len(down) != len(got)+3 {
		t.Errorf("migrated down: %v; want the three workspace references back beside %v", down, got)
	}
}
