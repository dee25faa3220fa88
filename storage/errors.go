package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"gorm.io/gorm"

	"github.com/onefunnel/onefunnel/domain"
)

// translate maps driver errors to domain error kinds; GORM's TranslateError
// already folds both drivers' unique and foreign-key codes into its own.
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return fmt.Errorf("%s: %w: a record with the same unique value exists", what, domain.ErrConflict)
	case unavailable(err):
		return fmt.Errorf("%s: %w: %w", what, domain.ErrUnavailable, err)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return domain.Invalid("id", "reference", "%s refers to a record that does not exist or is still referred to", what)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// affected turns "no row changed" into not found: the id is not in the workspace.
func affected(res *gorm.DB, what string) error {
	if res.Error != nil {
		return translate(res.Error, what)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
	}
	return nil
}

// unavailable reports whether err means the database cannot answer now
// (connection refused or lost, a timeout, SQLite busy past its timeout) rather
// than that the request was wrong. Such errors become 503 and clients retry.
func unavailable(err error) bool {
	var ne net.Error
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// 57P01..03: admin shutdown, crash shutdown, cannot connect now; 57014: statement timeout.
		return strings.HasPrefix(pe.Code, "57P") || pe.Code == "57014" || strings.HasPrefix(pe.Code, "08")
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.As(err, &ne) || errors.As(err, &ce) || strings.Contains(err.Error(), "database is locked") ||
		strings.Contains(err.Error(), "sql: database is closed")
}
