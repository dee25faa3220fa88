package storage

import (
	"context"

	"gorm.io/gorm"
)

// Gorm lets the package's external tests check stored rows with SQL.
func (db *DB) Gorm(ctx context.Context) *gorm.DB { return db.reader(ctx) }

// MigrateDownTo rolls the schema back to version, for tests of what a
// migration fills in for the data before it.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}
