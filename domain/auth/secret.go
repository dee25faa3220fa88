package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// Prefixes make a leaked secret recognisable (by people and secret scanners)
// and tell the API which kind of credential it was handed.
const (
	RefreshTokenPrefix = "ofr_"
	APIKeyPrefix       = "ofk_"
)

const (
	secretBytes          = 32 // 256 bits: guessing is hopeless, so a fast hash suffices
	apiKeyDisplayPrefLen = 12 // "ofk_" plus 8 random characters
)

// NewSecret returns a random 256-bit secret, base64url without padding, after
// prefix, e.g. NewSecret(RefreshTokenPrefix).
func NewSecret(prefix string) (string, error) {
	b, err := randomBytes(secretBytes)
	if err != nil {
		return "", fmt.Errorf("auth: new secret: %w", err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// HashSecret returns hex(SHA-256(secret)), the form stored in place of the
// secret. Secrets are high-entropy, so unlike passwords they need no slow
// hash, and a deterministic hash lets storage look them up by equality.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// APIKeyDisplayPrefix returns the first 12 characters of key, kept in clear so
// members can tell their keys apart in lists. Keys are ASCII, so bytes are
// characters; 8 random characters reveal 48 of the 256 bits.
func APIKeyDisplayPrefix(key string) string {
	if len(key) <= apiKeyDisplayPrefLen {
		return key
	}
	return key[:apiKeyDisplayPrefLen]
}

func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return b, nil
}
