package auth

import (
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// verifiedTokens remembers the access tokens an issuer has verified, so that
// the next request with the same token skips the parse: decoding its header
// and claims as JSON and checking its signature were a sixteenth of a contact
// list request's CPU (docs/benchmarks.md#rest-api).
//
// It is keyed by the whole token string, so only a token byte for byte equal
// to one that passed every check is answered from it. An issuer's keys never
// change (rotation builds a new issuer, with a new cache), so a signature
// that verified once verifies again; what changes is the time, so each entry
// keeps the window in which the parser would accept it, and a token outside
// that window goes back to the parser, which names the failure.
type verifiedTokens struct {
	mu      sync.RWMutex
	entries map[string]verifiedToken
}

type verifiedToken struct {
	claims AccessClaims
	from   time.Time // not before this: nbf and iat, less the leeway
	until  time.Time // before this: exp plus the leeway
}

// maxVerifiedTokens bounds the memory: about 400 bytes each. Past it the
// cache starts again empty, which costs one parse per live token.
const maxVerifiedTokens = 10_000

func newVerifiedTokens() *verifiedTokens {
	return &verifiedTokens{entries: map[string]verifiedToken{}}
}

func (v *verifiedTokens) get(token string, now time.Time) (AccessClaims, bool) {
	v.mu.RLock()
	e, ok := v.entries[token]
	v.mu.RUnlock()
	if !ok || now.Before(e.from) || !now.Before(e.until) {
		return AccessClaims{}, false
	}
	return e.claims, true
}

// put records a token that passed every check. The parser required exp; a
// token without nbf or iat is valid from the start of time, as the parser
// would have it.
func (v *verifiedTokens) put(token string, c AccessClaims, rc jwt.RegisteredClaims) {
	if rc.ExpiresAt == nil {
		return
	}
	e := verifiedToken{claims: c, until: rc.ExpiresAt.Add(clockLeeway)}
	for _, t := range []*jwt.NumericDate{rc.NotBefore, rc.IssuedAt} {
		if t != nil && t.Add(-clockLeeway).After(e.from) {
			e.from = t.Add(-clockLeeway)
		}
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.entries) >= maxVerifiedTokens {
		clear(v.entries)
	}
	v.entries[token] = e
}
