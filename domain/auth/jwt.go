package auth

import (
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/onefunnel/onefunnel/domain"
)

// minHMACKeyBytes: RFC 7518 requires an HS256 key of at least the hash size.
const minHMACKeyBytes = 32

// clockLeeway absorbs clock skew between the servers that issue and verify.
const clockLeeway = 30 * time.Second

// KeySet holds the HMAC keys by id. Tokens are signed with CurrentID and
// verified with whichever listed key their kid names, so a key can be rotated
// by adding the new one as current and removing the old one once its tokens
// have expired.
type KeySet struct {
	CurrentID string
	Keys      map[string][]byte
}

// AccessClaims is what an access token asserts about its bearer.
type AccessClaims struct {
	WorkspaceID string
	MemberID    string
	Role        string // owner|admin|member|viewer
}

// accessToken is the JWT body: registered claims plus wid and role.
type accessToken struct {
	jwt.RegisteredClaims
	WorkspaceID string `json:"wid"`
	Role        string `json:"role"`
}

// TokenIssuer signs and verifies access tokens. It is safe for concurrent use.
type TokenIssuer struct {
	keys     KeySet
	issuer   string
	audience string
	ttl      time.Duration
	now      func() time.Time
	parser   *jwt.Parser
	verified *verifiedTokens
}

// NewTokenIssuer checks the key set and returns an issuer. It copies the keys,
// so later changes to keys do not affect it; rotate by building a new issuer.
func NewTokenIssuer(keys KeySet, issuer, audience string, ttl time.Duration) (*TokenIssuer, error) {
	if keys.CurrentID == "" {
		return nil, errors.New("auth: key set has no current key id")
	}
	if _, ok := keys.Keys[keys.CurrentID]; !ok {
		return nil, fmt.Errorf("auth: current key id %q is not in the key set", keys.CurrentID)
	}
	for id, k := range keys.Keys {
		if id == "" {
			return nil, errors.New("auth: key set has an empty key id")
		}
		if len(k) < minHMACKeyBytes {
			return nil, fmt.Errorf("auth: key %q is shorter than %d bytes", id, minHMACKeyBytes)
		}
	}
	if issuer == "" || audience == "" {
		return nil, errors.New("auth: issuer and audience are required")
	}
	if ttl <= 0 {
		return nil, errors.New("auth: token lifetime must be positive")
	}
	t := &TokenIssuer{
		keys:     KeySet{CurrentID: keys.CurrentID, Keys: maps.Clone(keys.Keys)},
		issuer:   issuer,
		audience: audience,
		ttl:      ttl,
	}
	return t.WithClock(time.Now), nil
}

// WithClock returns a copy of t that reads the time from now; tests use it to
// issue and verify tokens at chosen instants.
func (t *TokenIssuer) WithClock(now func() time.Time) *TokenIssuer {
	c := *t
	c.now = now
	c.verified = newVerifiedTokens()
	c.parser = jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(t.issuer),
		jwt.WithAudience(t.audience),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(clockLeeway),
		jwt.WithTimeFunc(now),
		jwt.WithStrictDecoding(), // one token, one spelling
	)
	return &c
}

// TTL is the lifetime of issued tokens.
func (t *TokenIssuer) TTL() time.Duration { return t.ttl }

// Issue signs an access token for c with the current key.
func (t *TokenIssuer) Issue(c AccessClaims) (token string, expiresAt time.Time, err error) {
	if c.WorkspaceID == "" || c.MemberID == "" {
		return "", time.Time{}, errors.New("auth: issue token: workspace and member are required")
	}
	if _, err := ParseRole(c.Role); err != nil {
		return "", time.Time{}, fmt.Errorf("auth: issue token: %w", err)
	}
	jti, err := randomBytes(16)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("auth: issue token: %w", err)
	}
	// JWT times are whole seconds; truncating here makes expiresAt equal exp.
	now := t.now().Truncate(time.Second)
	expiresAt = now.Add(t.ttl)
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, accessToken{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.issuer,
			Subject:   c.MemberID,
			Audience:  jwt.ClaimStrings{t.audience},
			ExpiresAt: jwt.NewNumericDate(expiresAt),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        hex.EncodeToString(jti),
		},
		WorkspaceID: c.WorkspaceID,
		Role:        c.Role,
	})
	tok.Header["kid"] = t.keys.CurrentID
	token, err = tok.SignedString(t.keys.Keys[t.keys.CurrentID])
	if err != nil {
		return "", time.Time{}, fmt.Errorf("auth: issue token: %w", err)
	}
	return token, expiresAt, nil
}

// Verify checks token's algorithm, key, signature, issuer, audience and times
// and returns its claims. Every failure wraps domain.ErrUnauthenticated with a
// short reason; which check failed is not the caller's business.
func (t *TokenIssuer) Verify(token string) (AccessClaims, error) {
	if c, ok := t.verified.get(token, t.now()); ok {
		return c, nil
	}
	var body accessToken
	if _, err := t.parser.ParseWithClaims(token, &body, t.key); err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return AccessClaims{}, fmt.Errorf("%w: token expired", domain.ErrUnauthenticated)
		}
		return AccessClaims{}, fmt.Errorf("%w: invalid token", domain.ErrUnauthenticated)
	}
	if body.Subject == "" || body.WorkspaceID == "" {
		return AccessClaims{}, fmt.Errorf("%w: invalid token", domain.ErrUnauthenticated)
	}
	if _, err := ParseRole(body.Role); err != nil {
		return AccessClaims{}, fmt.Errorf("%w: invalid token", domain.ErrUnauthenticated)
	}
	c := AccessClaims{WorkspaceID: body.WorkspaceID, MemberID: body.Subject, Role: body.Role}
	t.verified.put(token, c, body.RegisteredClaims)
	return c, nil
}

// key is the jwt.Keyfunc: it picks the key named by the header's kid. The
// method check repeats WithValidMethods so an HMAC key is never handed to
// another algorithm even if the parser options change.
func (t *TokenIssuer) key(tok *jwt.Token) (any, error) {
	if _, ok := tok.Method.(*jwt.SigningMethodHMAC); !ok {
		return nil, errors.New("unexpected signing method")
	}
	kid, _ := tok.Header["kid"].(string)
	k, ok := t.keys.Keys[kid]
	if kid == "" || !ok {
		return nil, errors.New("unknown key id")
	}
	return k, nil
}
