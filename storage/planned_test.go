package storage_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// The identity link's lookups are planned for the table as it is at each
// call. A prepared statement gets a generic plan after five calls and keeps
// it: made while sessions was nearly empty, that plan scanned the table
// until autovacuum analyzed it. PostgreSQL's own counters tell which plans a
// connection's statements got; one transaction keeps to one connection.
func TestIdentityLinkIsNeverGivenAGenericPlan(t *testing.T) {
	db := storagetest.Open(t, storage.Postgres)
	ws := newWorkspace(t, db).WorkspaceID
	const link = "UPDATE sessions SET contact_id = ? WHERE workspace_id = ? AND anonymous_id = ? AND contact_id IS NULL"
	plans := func(ctx context.Context, query string) (generic, custom int64) {
		var r struct{ Generic, Custom int64 }
		err := db.Gorm(ctx).Raw(`SELECT coalesce(sum(generic_plans), 0) AS generic, coalesce(sum(custom_plans), 0) AS custom
			FROM pg_prepared_statements WHERE statement = ?`, query).Scan(&r).Error
		if err != nil {
			t.Fatal(err)
		}
		return r.Generic, r.Custom
	}
	const numbered = "UPDATE sessions SET contact_id = $1 WHERE workspace_id = $2 AND anonymous_id = $3 AND contact_id IS NULL"
	err := db.Tx(context.Background(), func(ctx context.Context) error {
		// The default path, as the control: prepared, and generic from the sixth call.
		for i := range 8 {
			if err := db.Gorm(ctx).Exec(link, nil, ws, fmt.Sprint("anon-control-", i)).Error; err != nil {
				return err
			}
		}
		generic, custom := plans(ctx, numbered)
		if generic == 0 {
			t.Fatal("the control got no generic plan: the test cannot tell the two paths apart")
		}
		for i := range 8 {
			if err := db.ExecPlanned(ctx, link, nil, ws, fmt.Sprint("anon-", i)); err != nil {
				return err
			}
		}
		if g, c := plans(ctx, numbered); g != generic || c != custom {
			t.Fatalf("the link ran as the prepared statement: %d generic and %d custom plans, %d and %d before", g, c, generic, custom)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
