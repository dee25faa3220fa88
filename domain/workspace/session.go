package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
)

// LoginInput is a password login; WorkspaceID picks one when the email is a member of several.
type LoginInput struct {
	Email       string
	Password    string
	WorkspaceID string
	IP          string
}

// RateLimitError says when to retry.
type RateLimitError struct{ RetryAfter time.Duration }

func (e *RateLimitError) Error() string { return "too many attempts" }

// Unwrap lets errors.Is(err, domain.ErrRateLimited) match.
func (e *RateLimitError) Unwrap() error { return domain.ErrRateLimited }

// maxCandidates bounds the password checks one login may cost.
const maxCandidates = 5

// Login checks a password and starts a session. Unknown emails cost the same as
// wrong passwords and answer the same error, so logins reveal no accounts.
func (s *Service) Login(ctx context.Context, in LoginInput) (Tokens, error) {
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if ok, wait := s.byIP.Allow("ip:" + in.IP); !ok {
		return Tokens{}, &RateLimitError{RetryAfter: wait}
	}
	if ok, wait := s.byAccount.Allow("email:" + email); !ok {
		return Tokens{}, &RateLimitError{RetryAfter: wait}
	}
	members, err := s.st.MembersByEmail(ctx, email)
	if err != nil {
		return Tokens{}, err
	}
	var match *Member
	for i, m := range members {
		if i == maxCandidates {
			break
		}
		if in.WorkspaceID != "" && m.WorkspaceID != in.WorkspaceID {
			continue
		}
		ok, err := auth.CheckPassword(m.PasswordHash, in.Password)
		if err != nil {
			return Tokens{}, err
		}
		if ok {
			match = &members[i]
			break
		}
	}
	if match == nil {
		if len(members) == 0 {
			auth.DummyCheckPassword(in.Password)
		}
		return Tokens{}, unauthenticated("wrong email or password")
	}
	s.byAccount.Reset("email:" + email)
	return s.issue(ctx, *match, "", time.Time{})
}

// Refresh rotates a refresh token. A token used twice means it was stolen (or
// raced): the whole family is revoked, so both holders must log in again.
func (s *Service) Refresh(ctx context.Context, token string) (Tokens, error) {
	var tokens Tokens
	var replayed bool
	err := s.st.Tx(ctx, func(ctx context.Context) error {
		rt, err := s.st.RefreshTokenByHash(ctx, auth.HashSecret(token))
		if errors.Is(err, domain.ErrNotFound) {
			return unauthenticated("unknown refresh token")
		} else if err != nil {
			return err
		}
		now := s.now()
		if rt.RevokedAt != nil || now.After(rt.ExpiresAt) {
			return unauthenticated("refresh token revoked or expired")
		}
		fresh, err := s.st.UseRefreshToken(ctx, rt.WorkspaceID, rt.ID, now)
		if err != nil {
			return err
		}
		if !fresh {
			replayed = true
			return s.st.RevokeFamily(ctx, rt.WorkspaceID, rt.FamilyID, now)
		}
		m, err := s.st.GetMember(ctx, rt.WorkspaceID, rt.MemberID)
		if errors.Is(err, domain.ErrNotFound) {
			return unauthenticated("member removed")
		} else if err != nil {
			return err
		}
		tokens, err = s.issue(ctx, m, rt.FamilyID, rt.ExpiresAt)
		return err
	})
	if err == nil && replayed {
		return Tokens{}, unauthenticated("refresh token reused; the session was revoked")
	}
	return tokens, err
}

// Logout revokes the token's family. Unknown tokens are not an error: the caller is logged out either way.
func (s *Service) Logout(ctx context.Context, token string) error {
	rt, err := s.st.RefreshTokenByHash(ctx, auth.HashSecret(token))
	if errors.Is(err, domain.ErrNotFound) {
		return nil
	} else if err != nil {
		return err
	}
	return s.st.RevokeFamily(ctx, rt.WorkspaceID, rt.FamilyID, s.now())
}

// apiKeyTouchInterval limits last-used writes to one per key per interval.
const apiKeyTouchInterval = time.Minute

// Authenticate turns a bearer credential into a principal: an API key (by its
// prefix) or a JWT access token.
func (s *Service) Authenticate(ctx context.Context, bearer string) (auth.Principal, error) {
	if strings.HasPrefix(bearer, auth.APIKeyPrefix) {
		k, err := s.st.APIKeyByHash(ctx, auth.HashSecret(bearer))
		if errors.Is(err, domain.ErrNotFound) || (err == nil && k.RevokedAt != nil) {
			return auth.Principal{}, unauthenticated("unknown or revoked API key")
		} else if err != nil {
			return auth.Principal{}, err
		}
		now := s.now()
		if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > apiKeyTouchInterval {
			if err := s.st.TouchAPIKey(ctx, k.WorkspaceID, k.ID, now); err != nil {
				return auth.Principal{}, fmt.Errorf("touch api key: %w", err)
			}
		}
		return auth.Principal{WorkspaceID: k.WorkspaceID, APIKeyID: k.ID, Scope: k.Scope}, nil
	}
	c, err := s.tokens.Verify(bearer)
	if err != nil {
		return auth.Principal{}, err
	}
	if _, err := auth.ParseRole(c.Role); err != nil {
		return auth.Principal{}, unauthenticated("bad role claim")
	}
	// The member row, not the token, says who may do what: otherwise a removed
	// or demoted member keeps their old powers until the token expires, long
	// enough to mint an API key that outlives the removal or to re-promote
	// themselves. One lookup by primary key, like the API-key lookup above.
	m, err := s.st.GetMember(ctx, c.WorkspaceID, c.MemberID)
	if errors.Is(err, domain.ErrNotFound) {
		return auth.Principal{}, unauthenticated("the member was removed")
	} else if err != nil {
		return auth.Principal{}, err
	}
	return auth.Principal{WorkspaceID: m.WorkspaceID, MemberID: m.ID, Role: m.Role}, nil
}
