package storage

import (
	"context"

	"gorm.io/gorm"
)

// Gorm lets the package's external tests check stored rows with SQL.
func (db *DB) Gorm(ctx context.Context) *gorm.DB { return db.reader(ctx) }
