package storage_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// A report that runs into PostgreSQL's statement timeout is too large, not
// a passing outage: retrying it would time out again, so the API says to
// narrow it instead of "retry shortly".
func TestReportOverTheStatementBudgetIsTooLarge(t *testing.T) {
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{URL: storagetest.NewEmptyPostgresDatabase(t), StatementTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = storage.ReportRows(ctx, db, "SELECT pg_sleep(0.5)", nil, func(*sql.Rows) error { return nil })
	if !errors.Is(err, domain.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	// Within budget the rows arrive.
	n := 0
	if err := storage.ReportRows(ctx, db, "SELECT generate_series(1, 3)", nil, func(*sql.Rows) error { n++; return nil }); err != nil || n != 3 {
		t.Fatalf("rows = %d, err = %v", n, err)
	}
}
