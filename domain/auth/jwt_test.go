package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/onefunnel/onefunnel/domain"
)

const (
	testIssuer   = "https://onefunnel.test"
	testAudience = "onefunnel-api"
	testTTL      = 15 * time.Minute
)

var (
	testT0   = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	testKey1 = []byte(strings.Repeat("1", 32))
	testKey2 = []byte(strings.Repeat("2", 32))
)

func at(t time.Time) func() time.Time { return func() time.Time { return t } }

func newTestIssuer(t *testing.T, keys KeySet) *TokenIssuer {
	t.Helper()
	ti, err := NewTokenIssuer(keys, testIssuer, testAudience, testTTL)
	if err != nil {
		t.Fatal(err)
	}
	return ti.WithClock(at(testT0))
}

// validBody is the claim set Issue would produce, for hand-built tokens.
func validBody() jwt.MapClaims {
	return jwt.MapClaims{
		"iss":  testIssuer,
		"aud":  []string{testAudience},
		"sub":  "m1",
		"wid":  "w1",
		"role": "admin",
		"iat":  testT0.Unix(),
		"nbf":  testT0.Unix(),
		"exp":  testT0.Add(testTTL).Unix(),
		"jti":  "00112233445566778899aabbccddeeff",
	}
}

// sign builds a token by hand so tests can set any header and claim.
func sign(t *testing.T, m jwt.SigningMethod, key any, kid string, body jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, body)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func b64url(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestTokenRoundTrip(t *testing.T) {
	ti := newTestIssuer(t, KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}})
	want := AccessClaims{WorkspaceID: "w1", MemberID: "m1", Role: "owner"}
	// Issued mid-second: expiresAt must still equal the whole-second exp claim.
	tok, exp, err := ti.WithClock(at(testT0.Add(400 * time.Millisecond))).Issue(want)
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(testT0.Add(testTTL)) || ti.TTL() != testTTL {
		t.Errorf("expiresAt = %v, TTL = %v; want %v, %v", exp, ti.TTL(), testT0.Add(testTTL), testTTL)
	}
	got, err := ti.Verify(tok)
	if err != nil || got != want {
		t.Fatalf("Verify = %+v, %v; want %+v, nil", got, err, want)
	}
	// Within the 30 s leeway after exp the token still passes.
	if _, err := ti.WithClock(at(exp.Add(20 * time.Second))).Verify(tok); err != nil {
		t.Errorf("Verify within leeway = %v, want nil", err)
	}

	// The wire format is part of the contract with other services.
	parts := strings.Split(tok, ".")
	var header, body map[string]any
	for i, v := range []*map[string]any{&header, &body} {
		raw, _ := base64.RawURLEncoding.DecodeString(parts[i])
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatal(err)
		}
	}
	if header["alg"] != "HS256" || header["kid"] != "k1" {
		t.Errorf("header = %v", header)
	}
	if aud, _ := body["aud"].([]any); len(aud) != 1 || aud[0] != testAudience {
		t.Errorf("aud = %v, want [%s]", body["aud"], testAudience)
	}
	if jti, _ := body["jti"].(string); len(jti) != 32 {
		t.Errorf("jti = %q, want 32 hex characters", jti)
	}
	for _, k := range []string{"iss", "sub", "wid", "role", "iat", "nbf"} {
		if _, ok := body[k]; !ok {
			t.Errorf("claim %q missing", k)
		}
	}
	if e, _ := body["exp"].(float64); int64(e) != exp.Unix() {
		t.Errorf("exp claim = %v, want %d", body["exp"], exp.Unix())
	}
}

// The keyfunc refuses non-HMAC methods itself, so the HMAC secret is never
// handed to another algorithm even if the parser options are changed.
func TestKeyfuncRefusesOtherMethods(t *testing.T) {
	ti := newTestIssuer(t, KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}})
	for _, m := range []jwt.SigningMethod{jwt.SigningMethodRS256, jwt.SigningMethodES256, jwt.SigningMethodNone} {
		if k, err := ti.key(&jwt.Token{Method: m, Header: map[string]any{"kid": "k1"}}); err == nil {
			t.Errorf("key(%s) = %v, want an error", m.Alg(), k)
		}
	}
	if _, err := ti.key(&jwt.Token{Method: jwt.SigningMethodHS256, Header: map[string]any{"kid": "k1"}}); err != nil {
		t.Errorf("key(HS256) = %v, want the key", err)
	}
}

func TestVerifyRejects(t *testing.T) {
	keys := KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}}
	ti := newTestIssuer(t, keys)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	without := func(claim string) jwt.MapClaims { b := validBody(); delete(b, claim); return b }
	with := func(claim string, v any) jwt.MapClaims { b := validBody(); b[claim] = v; return b }
	valid := sign(t, jwt.SigningMethodHS256, testKey1, "k1", validBody())
	// Control: every case below differs from this accepted token in one way.
	if _, err := ti.Verify(valid); err != nil {
		t.Fatalf("hand-built valid token rejected: %v", err)
	}

	for _, tc := range []struct {
		name  string
		token string
		now   time.Time // zero means testT0
	}{
		{"expired", valid, testT0.Add(testTTL + 31*time.Second)},
		{"not yet valid", sign(t, jwt.SigningMethodHS256, testKey1, "k1", with("nbf", testT0.Add(time.Minute).Unix())), time.Time{}},
		{"issued in the future", sign(t, jwt.SigningMethodHS256, testKey1, "k1", with("iat", testT0.Add(time.Minute).Unix())), time.Time{}},
		{"alg none", b64url(t, map[string]string{"alg": "none", "typ": "JWT", "kid": "k1"}) + "." + b64url(t, validBody()) + ".", time.Time{}},
		{"HS384", sign(t, jwt.SigningMethodHS384, testKey1, "k1", validBody()), time.Time{}},
		{"RS256", sign(t, jwt.SigningMethodRS256, rsaKey, "k1", validBody()), time.Time{}},
		{"wrong audience", sign(t, jwt.SigningMethodHS256, testKey1, "k1", with("aud", []string{"other-api"})), time.Time{}},
		{"no audience", sign(t, jwt.SigningMethodHS256, testKey1, "k1", without("aud")), time.Time{}},
		{"wrong issuer", sign(t, jwt.SigningMethodHS256, testKey1, "k1", with("iss", "https://evil.test")), time.Time{}},
		{"unknown kid", sign(t, jwt.SigningMethodHS256, testKey1, "k9", validBody()), time.Time{}},
		{"missing kid", sign(t, jwt.SigningMethodHS256, testKey1, "", validBody()), time.Time{}},
		// A keyfunc that let a nil key through would accept these: HMAC with an empty key is still an HMAC.
		{"missing kid, empty key", sign(t, jwt.SigningMethodHS256, []byte{}, "", validBody()), time.Time{}},
		{"unknown kid, empty key", sign(t, jwt.SigningMethodHS256, []byte{}, "k9", validBody()), time.Time{}},
		{"other key, same kid", sign(t, jwt.SigningMethodHS256, testKey2, "k1", validBody()), time.Time{}},
		{"missing exp", sign(t, jwt.SigningMethodHS256, testKey1, "k1", without("exp")), time.Time{}},
		{"missing sub", sign(t, jwt.SigningMethodHS256, testKey1, "k1", without("sub")), time.Time{}},
		{"missing wid", sign(t, jwt.SigningMethodHS256, testKey1, "k1", without("wid")), time.Time{}},
		{"missing role", sign(t, jwt.SigningMethodHS256, testKey1, "k1", without("role")), time.Time{}},
		{"unknown role", sign(t, jwt.SigningMethodHS256, testKey1, "k1", with("role", "root")), time.Time{}},
		{"tampered payload", tamper(t, valid, with("role", "owner")), time.Time{}},
		{"garbage", "not.a.token", time.Time{}},
		{"empty", "", time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := ti
			if !tc.now.IsZero() {
				v = ti.WithClock(at(tc.now))
			}
			got, err := v.Verify(tc.token)
			if !errors.Is(err, domain.ErrUnauthenticated) {
				t.Fatalf("Verify = %+v, %v; want ErrUnauthenticated", got, err)
			}
			if got != (AccessClaims{}) {
				t.Errorf("Verify returned claims %+v with an error", got)
			}
		})
	}
}

// tamper swaps token's payload for body and keeps the original signature.
func tamper(t *testing.T, token string, body jwt.MapClaims) string {
	t.Helper()
	parts := strings.Split(token, ".")
	return parts[0] + "." + b64url(t, body) + "." + parts[2]
}

func TestKeyRotation(t *testing.T) {
	old := newTestIssuer(t, KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}})
	oldToken, _, err := old.Issue(AccessClaims{WorkspaceID: "w1", MemberID: "m1", Role: "member"})
	if err != nil {
		t.Fatal(err)
	}

	bothKeys := map[string][]byte{"k1": testKey1, "k2": testKey2}
	both := newTestIssuer(t, KeySet{CurrentID: "k2", Keys: bothKeys})
	delete(bothKeys, "k1") // the issuer holds its own copy; rotation means a new issuer
	if _, err := both.Verify(oldToken); err != nil {
		t.Errorf("token signed with k1 rejected while k1 is in the set: %v", err)
	}
	newToken, _, err := both.Issue(AccessClaims{WorkspaceID: "w1", MemberID: "m1", Role: "member"})
	if err != nil {
		t.Fatal(err)
	}

	retired := newTestIssuer(t, KeySet{CurrentID: "k2", Keys: map[string][]byte{"k2": testKey2}})
	if _, err := retired.Verify(oldToken); !errors.Is(err, domain.ErrUnauthenticated) {
		t.Errorf("token signed with removed k1 = %v, want ErrUnauthenticated", err)
	}
	if _, err := retired.Verify(newToken); err != nil {
		t.Errorf("token signed with current k2 rejected: %v", err)
	}
}

func TestNewTokenIssuerChecksConfig(t *testing.T) {
	short := []byte(strings.Repeat("s", 31))
	for _, tc := range []struct {
		name     string
		keys     KeySet
		iss, aud string
		ttl      time.Duration
	}{
		{"no current id", KeySet{Keys: map[string][]byte{"k1": testKey1}}, testIssuer, testAudience, testTTL},
		{"current id not in set", KeySet{CurrentID: "k2", Keys: map[string][]byte{"k1": testKey1}}, testIssuer, testAudience, testTTL},
		{"short current key", KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": short}}, testIssuer, testAudience, testTTL},
		{"short old key", KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1, "k0": short}}, testIssuer, testAudience, testTTL},
		{"no issuer", KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}}, "", testAudience, testTTL},
		{"no audience", KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}}, testIssuer, "", testTTL},
		{"zero ttl", KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}}, testIssuer, testAudience, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewTokenIssuer(tc.keys, tc.iss, tc.aud, tc.ttl); err == nil {
				t.Error("NewTokenIssuer succeeded, want an error")
			}
		})
	}
}

func TestIssueRejectsIncompleteClaims(t *testing.T) {
	ti := newTestIssuer(t, KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}})
	for _, c := range []AccessClaims{
		{MemberID: "m1", Role: "owner"},
		{WorkspaceID: "w1", Role: "owner"},
		{WorkspaceID: "w1", MemberID: "m1"},
		{WorkspaceID: "w1", MemberID: "m1", Role: "root"},
	} {
		if tok, _, err := ti.Issue(c); err == nil {
			t.Errorf("Issue(%+v) = %q, want an error", c, tok)
		}
	}
}
