package auth

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/onefunnel/onefunnel/domain"
)

// argon2id parameters for new hashes: the OWASP minimum (19 MiB, 2 passes, 1
// lane), which keeps a login around tens of milliseconds on a 2-core server.
// Old hashes carry their own parameters, so these can be raised later.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Bounds on parameters read back from a stored hash, so a corrupted or planted
// row cannot turn one login into a gigabyte allocation or a minute of CPU.
const (
	maxArgonMemory  = 256 * 1024 // KiB
	maxArgonTime    = 10
	maxArgonThreads = 16
	minArgonSaltLen = 8
	minArgonKeyLen  = 16
	maxArgonFieldLn = 64 // bytes, for both salt and key
)

// Password length rules. The upper bound is in bytes because that is what
// argon2 hashes; it stops multi-megabyte "passwords" from costing CPU.
const (
	minPasswordRunes = 10
	maxPasswordBytes = 256
)

var errMalformedHash = errors.New("auth: malformed password hash")

// b64 is the PHC encoding (standard alphabet, no padding). Strict rejects
// non-canonical trailing bits so one hash has exactly one spelling.
var b64 = base64.RawStdEncoding.Strict()

type argonParams struct {
	memory  uint32
	time    uint32
	threads uint8
}

// HashPassword returns password hashed with argon2id in PHC string format:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(password string) (string, error) {
	salt, err := randomBytes(argonSaltLen)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	p := argonParams{memory: argonMemory, time: argonTime, threads: argonThreads}
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches encoded. The error is only
// for an encoded string that cannot be parsed, which is a storage problem,
// not a wrong password.
func CheckPassword(encoded, password string) (bool, error) {
	p, salt, want, err := parseHash(encoded)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is hashed once, on first use, with the current parameters, so a
// dummy check costs what a real one does even after the parameters change.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("onefunnel-dummy-password")
	if err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return h
})

// DummyCheckPassword spends the time of a real check and discards the result.
// Login calls it when the email is unknown, so response time does not tell an
// attacker which emails have accounts.
func DummyCheckPassword(password string) {
	_, _ = CheckPassword(dummyHash(), password)
}

// ValidatePassword applies the length rules for a new password.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < minPasswordRunes {
		return domain.Invalid("password", "too_short", "must be at least %d characters", minPasswordRunes)
	}
	if len(pw) > maxPasswordBytes {
		return domain.Invalid("password", "too_long", "must be at most %d bytes", maxPasswordBytes)
	}
	return nil
}

// parseHash splits a PHC string into its parameters, salt and key, rejecting
// anything outside the bounds above.
func parseHash(encoded string) (argonParams, []byte, []byte, error) {
	var p argonParams
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errMalformedHash
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, errMalformedHash
	}
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return p, nil, nil, errMalformedHash
	}
	m, okM := paramValue(params[0], "m=", maxArgonMemory)
	t, okT := paramValue(params[1], "t=", maxArgonTime)
	threads, okP := paramValue(params[2], "p=", maxArgonThreads)
	// argon2 needs at least 8 KiB of memory per lane.
	if !okM || !okT || !okP || t < 1 || threads < 1 || m < 8*threads {
		return p, nil, nil, errMalformedHash
	}
	p = argonParams{memory: m, time: t, threads: uint8(threads)}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minArgonSaltLen || len(salt) > maxArgonFieldLn {
		return p, nil, nil, errMalformedHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < minArgonKeyLen || len(key) > maxArgonFieldLn {
		return p, nil, nil, errMalformedHash
	}
	return p, salt, key, nil
}

// paramValue parses one "m=19456"-style field; ParseUint accepts no sign.
func paramValue(field, prefix string, limit uint32) (uint32, bool) {
	s, ok := strings.CutPrefix(field, prefix)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil || v > uint64(limit) {
		return 0, false
	}
	return uint32(v), true
}
