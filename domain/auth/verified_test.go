package auth

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The verified-token cache changes no verdict: an issuer that keeps its cache
// across 3,000 verifications of tokens valid, early, late, forged and
// tampered, at clock readings on both sides of every window edge, answers
// each exactly as an issuer with an empty cache does.
func TestVerifiedTokensChangeNoVerdict(t *testing.T) {
	keys := KeySet{CurrentID: "k1", Keys: map[string][]byte{"k1": testKey1}}
	base := newTestIssuer(t, keys)
	with := func(claim string, v any) jwt.MapClaims { b := validBody(); b[claim] = v; return b }
	issued, _, err := base.Issue(AccessClaims{WorkspaceID: "w1", MemberID: "m2", Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	valid := sign(t, jwt.SigningMethodHS256, testKey1, "k1", validBody())
	tokens := []string{
		issued, valid,
		sign(t, jwt.SigningMethodHS256, testKey1, "k1", with("nbf", testT0.Add(time.Minute).Unix())),
		sign(t, jwt.SigningMethodHS256, testKey1, "k1", with("iat", testT0.Add(-time.Hour).Unix())),
		sign(t, jwt.SigningMethodHS256, testKey1, "k1", with("exp", testT0.Add(time.Minute).Unix())),
		sign(t, jwt.SigningMethodHS256, testKey2, "k1", validBody()),
		tamper(t, valid, with("role", "owner")),
		valid[:len(valid)-1],
	}
	edges := []time.Time{}
	for _, e := range []time.Time{testT0, testT0.Add(time.Minute), testT0.Add(testTTL)} {
		for _, d := range []time.Duration{-clockLeeway - time.Second, -clockLeeway, -clockLeeway + 1, -1, 0, 1, clockLeeway - 1, clockLeeway, clockLeeway + 1} {
			edges = append(edges, e.Add(d))
		}
	}
	var now time.Time
	cached := base.WithClock(func() time.Time { return now })
	r := rand.New(rand.NewPCG(1, 2))
	verdict := func(c AccessClaims, err error) string { return fmt.Sprintf("%+v %v", c, err) }
	hits := 0
	for i := range 3000 {
		tok := tokens[r.IntN(len(tokens))]
		now = edges[r.IntN(len(edges))]
		if r.IntN(4) == 0 {
			now = testT0.Add(time.Duration(r.Int64N(int64(2*testTTL))) - testTTL/2)
		}
		_, hit := cached.verified.get(tok, now)
		if hit {
			hits++
		}
		got := verdict(cached.Verify(tok))
		want := verdict(base.WithClock(at(now)).Verify(tok))
		if got != want {
			t.Fatalf("step %d, token %d at %v (from the cache: %v): got %s, want %s", i, indexOf(tokens, tok), now, hit, got, want)
		}
	}
	if hits < 500 {
		t.Fatalf("only %d of 3,000 verifications came from the cache", hits)
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// The cache is bounded: past its size it starts again, and still answers.
func TestVerifiedTokensBounded(t *testing.T) {
	v := newVerifiedTokens()
	exp := jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(testT0.Add(time.Hour))}
	for i := range maxVerifiedTokens + 10 {
		v.put(fmt.Sprint("t", i), AccessClaims{MemberID: fmt.Sprint(i)}, exp)
	}
	if n := len(v.entries); n > maxVerifiedTokens {
		t.Fatalf("%d entries, bound %d", n, maxVerifiedTokens)
	}
	last := fmt.Sprint("t", maxVerifiedTokens+9)
	if c, ok := v.get(last, testT0); !ok || c.MemberID != fmt.Sprint(maxVerifiedTokens+9) {
		t.Fatalf("the newest token is not answered: %+v %v", c, ok)
	}
}
