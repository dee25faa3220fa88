package auth

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNewSecret(t *testing.T) {
	for _, prefix := range []string{RefreshTokenPrefix, APIKeyPrefix} {
		t.Run(prefix, func(t *testing.T) {
			seen := make(map[string]bool)
			for range 1000 {
				s, err := NewSecret(prefix)
				if err != nil {
					t.Fatal(err)
				}
				body, ok := strings.CutPrefix(s, prefix)
				if !ok {
					t.Fatalf("secret %q lacks prefix %q", s, prefix)
				}
				raw, err := base64.RawURLEncoding.DecodeString(body)
				if err != nil || len(raw) != 32 {
					t.Fatalf("secret body %q: %d bytes, %v; want 32 bytes of base64url", body, len(raw), err)
				}
				if seen[s] {
					t.Fatalf("secret %q drawn twice", s)
				}
				seen[s] = true
			}
		})
	}
}

func TestHashSecret(t *testing.T) {
	h := HashSecret("ofr_abc")
	if len(h) != 64 {
		t.Errorf("len = %d, want 64", len(h))
	}
	if _, err := hex.DecodeString(h); err != nil {
		t.Errorf("hash %q is not hex: %v", h, err)
	}
	if HashSecret("ofr_abc") != h {
		t.Error("hash is not stable")
	}
	if HashSecret("ofr_abd") == h {
		t.Error("different secrets hash equal")
	}
	// Known answer, so a change of algorithm cannot pass unnoticed and orphan stored hashes.
	if got, want := HashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("HashSecret(abc) = %s, want %s", got, want)
	}
}

func TestAPIKeyDisplayPrefix(t *testing.T) {
	for _, tc := range []struct{ key, want string }{
		{"ofk_abcdefghijklmnop", "ofk_abcdefgh"},
		{"ofk_abcdefgh", "ofk_abcdefgh"},
		{"ofk_ab", "ofk_ab"},
		{"", ""},
	} {
		if got := APIKeyDisplayPrefix(tc.key); got != tc.want {
			t.Errorf("APIKeyDisplayPrefix(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}
