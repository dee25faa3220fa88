package storage

import (
	"context"
	"errors"
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// IdempotentResponse is a saved answer to a POST with an Idempotency-Key.
// Status 0 means the first request is still running.
type IdempotentResponse struct {
	WorkspaceID string `gorm:"primaryKey"`
	PrincipalID string `gorm:"primaryKey"`
	Key         string `gorm:"primaryKey"`
	Method      string
	Path        string
	RequestHash string
	Status      int
	Location    string
	ContentType string
	Body        []byte
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

func (IdempotentResponse) TableName() string { return "idempotency_keys" }

// IdempotencyTTL is how long keys are kept (SECURITY.md: at least 24 h).
const IdempotencyTTL = 48 * time.Hour

// Idempotency stores saved responses.
type Idempotency struct{ db *DB }

// Begin claims a key. It returns the existing record and false when the key was
// claimed before (a replay, a conflict or a request still running).
func (s Idempotency) Begin(ctx context.Context, r IdempotentResponse) (IdempotentResponse, bool, error) {
	r.CreatedAt = domain.Now()
	err := translate(s.db.writer(ctx).Create(&r).Error, "idempotency key")
	if err == nil {
		return r, true, nil
	}
	if !errors.Is(err, domain.ErrConflict) {
		return r, false, err
	}
	var old IdempotentResponse
	err = s.db.writer(ctx).Where("workspace_id = ? AND principal_id = ? AND key = ?", r.WorkspaceID, r.PrincipalID, r.Key).Take(&old).Error
	if err != nil {
		return r, false, translate(err, "idempotency key")
	}
	if time.Since(old.CreatedAt) > IdempotencyTTL {
		// Expired: forget it and claim afresh.
		if err := s.Release(ctx, old); err != nil {
			return r, false, err
		}
		return s.Begin(ctx, r)
	}
	return old, false, nil
}

// Finish saves the response of a claimed key.
func (s Idempotency) Finish(ctx context.Context, r IdempotentResponse) error {
	return translate(s.db.writer(ctx).Model(&r).
		Where("workspace_id = ? AND principal_id = ? AND key = ?", r.WorkspaceID, r.PrincipalID, r.Key).
		Select("status", "location", "content_type", "body").Updates(&r).Error, "idempotency key")
}

// Release forgets a claimed key, so a failed request can be retried with it.
func (s Idempotency) Release(ctx context.Context, r IdempotentResponse) error {
	return translate(s.db.writer(ctx).Where("workspace_id = ? AND principal_id = ? AND key = ?", r.WorkspaceID, r.PrincipalID, r.Key).
		Delete(&IdempotentResponse{}).Error, "idempotency key")
}

// Sweep deletes keys older than the TTL.
func (s Idempotency) Sweep(ctx context.Context) error {
	return translate(s.db.writer(ctx).Where("created_at < ?", domain.Now().Add(-IdempotencyTTL)).Delete(&IdempotentResponse{}).Error, "idempotency keys")
}
