package workspace

import (
	"context"
	"fmt"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// Config is the policy of sessions and sign-up.
type Config struct {
	Signup          SignupMode
	RefreshLifetime time.Duration // absolute lifetime of a login's refresh family
	InviteLifetime  time.Duration
	// LoginAttempts per LoginWindow, counted per IP and per email.
	LoginAttempts int
	LoginWindow   time.Duration
}

// DefaultConfig is the policy SECURITY.md describes.
func DefaultConfig() Config {
	return Config{Signup: SignupOpen, RefreshLifetime: 30 * 24 * time.Hour, InviteLifetime: 7 * 24 * time.Hour, LoginAttempts: 10, LoginWindow: 15 * time.Minute}
}

// Service is tenancy's use cases.
type Service struct {
	st        Store
	tokens    *auth.TokenIssuer
	cfg       Config
	byIP      *auth.Limiter
	byAccount *auth.Limiter
	now       func() time.Time
}

// New returns a Service.
func New(st Store, tokens *auth.TokenIssuer, cfg Config) *Service {
	return &Service{
		st: st, tokens: tokens, cfg: cfg, now: domain.Now,
		byIP:      auth.NewLimiter(cfg.LoginAttempts*5, cfg.LoginWindow, nil),
		byAccount: auth.NewLimiter(cfg.LoginAttempts, cfg.LoginWindow, nil),
	}
}

// issue starts or continues a refresh family and signs an access token.
func (s *Service) issue(ctx context.Context, m Member, familyID string, familyExpiry time.Time) (Tokens, error) {
	now := s.now()
	if familyID == "" {
		familyID, familyExpiry = domain.NewID(), now.Add(s.cfg.RefreshLifetime)
	}
	secret, err := auth.NewSecret(auth.RefreshTokenPrefix)
	if err != nil {
		return Tokens{}, err
	}
	rt := RefreshToken{
		WorkspaceID: m.WorkspaceID, ID: domain.NewID(), MemberID: m.ID, FamilyID: familyID,
		TokenHash: auth.HashSecret(secret), CreatedAt: now, ExpiresAt: familyExpiry,
	}
	if err := s.st.CreateRefreshToken(ctx, &rt); err != nil {
		return Tokens{}, err
	}
	access, exp, err := s.tokens.Issue(auth.AccessClaims{WorkspaceID: m.WorkspaceID, MemberID: m.ID, Role: string(m.Role)})
	if err != nil {
		return Tokens{}, err
	}
	return Tokens{AccessToken: access, RefreshToken: secret, ExpiresIn: int(time.Until(exp).Round(time.Second).Seconds()), MemberID: m.ID, WorkspaceID: m.WorkspaceID}, nil
}

func unauthenticated(reason string) error {
	return fmt.Errorf("%w: %s", domain.ErrUnauthenticated, reason)
}
