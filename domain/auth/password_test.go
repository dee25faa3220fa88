package auth

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/onefunnel/onefunnel/domain"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not carry the expected PHC header", h)
	}
	for _, tc := range []struct {
		password string
		want     bool
	}{
		{"correct horse battery", true},
		{"correct horse batterY", false},
		{"", false},
	} {
		ok, err := CheckPassword(h, tc.password)
		if err != nil || ok != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v, nil", tc.password, ok, err, tc.want)
		}
	}
}

func TestHashPasswordSaltsEachHash(t *testing.T) {
	a, errA := HashPassword("same password")
	b, errB := HashPassword("same password")
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if a == b {
		t.Error("two hashes of one password are equal; the salt is not random")
	}
}

// Parameters come from the stored string, so hashes made with older (here
// cheaper) settings keep verifying after the defaults change.
func TestCheckPasswordReadsParametersFromHash(t *testing.T) {
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("old password"), salt, 1, 8192, 1, 32)
	h := fmt.Sprintf("$argon2id$v=19$m=8192,t=1,p=1$%s$%s", b64.EncodeToString(salt), b64.EncodeToString(key))
	ok, err := CheckPassword(h, "old password")
	if err != nil || !ok {
		t.Fatalf("CheckPassword = %v, %v; want true, nil", ok, err)
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	salt := b64.EncodeToString([]byte("0123456789abcdef"))
	key := b64.EncodeToString(make([]byte, 32))
	for _, tc := range []struct{ name, encoded string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"},
		{"argon2i", "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key},
		{"old version", "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key},
		{"missing part", "$argon2id$v=19$m=19456,t=2,p=1$" + salt},
		{"extra part", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "$x"},
		{"params out of order", "$argon2id$v=19$t=2,m=19456,p=1$" + salt + "$" + key},
		{"negative param", "$argon2id$v=19$m=-1,t=2,p=1$" + salt + "$" + key},
		{"zero time", "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key},
		{"zero threads", "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key},
		{"memory too small", "$argon2id$v=19$m=4,t=2,p=1$" + salt + "$" + key},
		{"memory too large", "$argon2id$v=19$m=4194304,t=2,p=1$" + salt + "$" + key},
		{"time too large", "$argon2id$v=19$m=19456,t=1000,p=1$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=19456,t=2,p=1$!!!!$" + key},
		{"salt too short", "$argon2id$v=19$m=19456,t=2,p=1$" + b64.EncodeToString([]byte("abc")) + "$" + key},
		{"key too short", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + b64.EncodeToString([]byte("abc"))},
		{"key padded", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "="},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ok, err := CheckPassword(tc.encoded, "password123"); err == nil || ok {
				t.Errorf("CheckPassword = %v, %v; want false and an error", ok, err)
			}
		})
	}
}

// The dummy check must cost what a real one does; it does if its hash uses
// the parameters, salt and key length of a fresh hash.
func TestDummyHashUsesCurrentParameters(t *testing.T) {
	DummyCheckPassword("anything at all")
	p, salt, key, err := parseHash(dummyHash())
	if err != nil {
		t.Fatalf("dummy hash does not parse: %v", err)
	}
	want := argonParams{memory: argonMemory, time: argonTime, threads: argonThreads}
	if p != want || len(salt) != argonSaltLen || len(key) != argonKeyLen {
		t.Errorf("dummy hash: %+v, salt %d, key %d bytes; want %+v, %d, %d",
			p, len(salt), len(key), want, argonSaltLen, argonKeyLen)
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		name, pw, wantCode string
	}{
		{"empty", "", "too_short"},
		{"nine characters", "123456789", "too_short"},
		{"ten characters", "1234567890", ""},
		{"nine two-byte characters", strings.Repeat("é", 9), "too_short"},
		{"ten two-byte characters", strings.Repeat("é", 10), ""},
		{"256 bytes", strings.Repeat("a", 256), ""},
		{"257 bytes", strings.Repeat("a", 257), "too_long"},
		{"129 two-byte characters", strings.Repeat("é", 129), "too_long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidatePassword(tc.pw)
			if tc.wantCode == "" {
				if err != nil {
					t.Fatalf("ValidatePassword = %v, want nil", err)
				}
				return
			}
			var ve *domain.ValidationError
			if !errors.As(err, &ve) || len(ve.Fields) != 1 {
				t.Fatalf("ValidatePassword = %v, want one field error", err)
			}
			if f := ve.Fields[0]; f.Field != "password" || f.Code != tc.wantCode {
				t.Errorf("field error = %+v, want password/%s", f, tc.wantCode)
			}
		})
	}
}
