package workspace

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// WriteKey identifies a workspace to the tracking endpoints. It is public (it
// ships in web pages) and can only send events, so it is stored in clear.
type WriteKey struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Name        string
	Key         string
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	RevokedAt   *time.Time
}

// WriteKeyPrefix marks write keys.
const WriteKeyPrefix = "ofw_"

// WriteKeyStore persists write keys.
type WriteKeyStore interface {
	CreateWriteKey(ctx context.Context, k *WriteKey) error
	WriteKeyByKey(ctx context.Context, key string) (WriteKey, error)
	ListWriteKeys(ctx context.Context, workspaceID string, q domain.ListQuery) (domain.Page[WriteKey], error)
	RevokeWriteKey(ctx context.Context, workspaceID, id string, at time.Time) error
}

// WriteKeys manages write keys and resolves them for ingest, with a short
// cache because every tracking request presents one.
type WriteKeys struct {
	st    WriteKeyStore
	ttl   time.Duration
	mu    sync.Mutex
	cache map[string]cachedKey
	now   func() time.Time
}

type cachedKey struct {
	workspaceID string
	ok          bool
	until       time.Time
}

// WriteKeyCacheTTL bounds how long a revoked key may still be accepted.
const WriteKeyCacheTTL = 30 * time.Second

// NewWriteKeys returns the write-key service.
func NewWriteKeys(st WriteKeyStore) *WriteKeys {
	return &WriteKeys{st: st, ttl: WriteKeyCacheTTL, cache: map[string]cachedKey{}, now: time.Now}
}

// Create makes a write key (owners and admins).
func (w *WriteKeys) Create(ctx context.Context, p auth.Principal, name string) (WriteKey, error) {
	if err := p.Can(auth.ActionManage); err != nil {
		return WriteKey{}, err
	}
	v := &domain.ValidationError{}
	name = domain.CheckName(v, "name", name)
	if err := v.Err(); err != nil {
		return WriteKey{}, err
	}
	secret, err := auth.NewSecret(WriteKeyPrefix)
	if err != nil {
		return WriteKey{}, err
	}
	k := WriteKey{WorkspaceID: p.WorkspaceID, ID: domain.NewID(), Name: name, Key: secret, CreatedAt: domain.Now()}
	return k, w.st.CreateWriteKey(ctx, &k)
}

// List pages through live write keys (members may see them: they are public).
func (w *WriteKeys) List(ctx context.Context, p auth.Principal, q domain.ListQuery) (domain.Page[WriteKey], error) {
	if err := p.Can(auth.ActionRead); err != nil {
		return domain.Page[WriteKey]{}, err
	}
	return w.st.ListWriteKeys(ctx, p.WorkspaceID, q)
}

// Revoke stops a key; cached lookups expire within WriteKeyCacheTTL.
func (w *WriteKeys) Revoke(ctx context.Context, p auth.Principal, id string) error {
	if err := p.Can(auth.ActionManage); err != nil {
		return err
	}
	if !domain.ValidID(id) {
		return domain.ErrNotFound
	}
	if err := w.st.RevokeWriteKey(ctx, p.WorkspaceID, id, domain.Now()); err != nil {
		return err
	}
	w.mu.Lock()
	clear(w.cache) // this replica forgets at once
	w.mu.Unlock()
	return nil
}

// Resolve returns the workspace a live write key belongs to.
func (w *WriteKeys) Resolve(ctx context.Context, key string) (string, error) {
	now := w.now()
	w.mu.Lock()
	c, hit := w.cache[key]
	w.mu.Unlock()
	if !hit || now.After(c.until) {
		k, err := w.st.WriteKeyByKey(ctx, key)
		switch {
		case errors.Is(err, domain.ErrNotFound):
			c = cachedKey{}
		case err != nil:
			return "", err
		default:
			c = cachedKey{workspaceID: k.WorkspaceID, ok: k.RevokedAt == nil}
		}
		c.until = now.Add(w.ttl)
		w.mu.Lock()
		if len(w.cache) > 10000 {
			clear(w.cache)
		}
		w.cache[key] = c
		w.mu.Unlock()
	}
	if !c.ok {
		return "", fmt.Errorf("%w: unknown or revoked write key", domain.ErrUnauthenticated)
	}
	return c.workspaceID, nil
}
