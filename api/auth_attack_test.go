package api_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// issuer builds a token issuer for the test server's keys (or others).
func issuer(t *testing.T, keys auth.KeySet, iss, aud string) *auth.TokenIssuer {
	t.Helper()
	ti, err := auth.NewTokenIssuer(keys, iss, aud, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return ti
}

func issue(t *testing.T, ti *auth.TokenIssuer, w apitest.Workspace) string {
	t.Helper()
	tok, _, err := ti.Issue(auth.AccessClaims{WorkspaceID: w.ID, MemberID: w.OwnerID, Role: "owner"})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// sign builds a JWT by hand, for the tokens our issuer refuses to make.
func sign(t *testing.T, m jwt.SigningMethod, key any, kid string, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// claimsOf is a valid claim set for w's owner; tests change one thing in it.
func claimsOf(w apitest.Workspace) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss": apitest.Issuer, "aud": []string{apitest.Audience}, "sub": w.OwnerID, "wid": w.ID, "role": "owner",
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(), "jti": "x",
	}
}

// with returns a copy of c with keys set, or removed when the value is nil.
func with(c jwt.MapClaims, kv ...any) jwt.MapClaims {
	out := jwt.MapClaims{}
	for k, v := range c {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// rewrite changes a signed token's header or payload and keeps its signature.
func rewrite(t *testing.T, token string, part int, change func(map[string]any)) string {
	t.Helper()
	parts := strings.Split(token, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[part])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	change(m)
	raw, _ = json.Marshal(m)
	parts[part] = base64.RawURLEncoding.EncodeToString(raw)
	return strings.Join(parts, ".")
}

// Every forged, stale or malformed credential answers 401 problem+json with a
// WWW-Authenticate challenge, and reaches no data.
func TestForgedCredentials(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w, other := e.Signup("Target"), e.Signup("Other")
		key := e.Keys.Keys[e.Keys.CurrentID]
		otherKey := make([]byte, 32)
		_, _ = rand.Read(otherKey)
		ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		genuine := issue(t, issuer(t, e.Keys, apitest.Issuer, apitest.Audience), w)
		past := func() time.Time { return time.Now().Add(-time.Hour) }
		future := func() time.Time { return time.Now().Add(time.Hour) }

		cases := []struct{ name, header string }{
			{"no Authorization", ""},
			{"empty bearer", "Bearer "},
			{"Basic scheme", "Basic b3duZXI6cGFzc3dvcmQ="},
			{"garbage", "Bearer garbage"},
			{"three garbage parts", "Bearer a.b.c"},
			{"signed with another key", "Bearer " + issue(t, issuer(t, auth.KeySet{CurrentID: e.Keys.CurrentID, Keys: map[string][]byte{e.Keys.CurrentID: otherKey}}, apitest.Issuer, apitest.Audience), w)},
			{"an unknown kid", "Bearer " + issue(t, issuer(t, auth.KeySet{CurrentID: "retired", Keys: map[string][]byte{"retired": key}}, apitest.Issuer, apitest.Audience), w)},
			{"no kid", "Bearer " + sign(t, jwt.SigningMethodHS256, key, "", claimsOf(w))},
			{"expired", "Bearer " + issue(t, issuer(t, e.Keys, apitest.Issuer, apitest.Audience).WithClock(past), w)},
			{"not yet valid", "Bearer " + issue(t, issuer(t, e.Keys, apitest.Issuer, apitest.Audience).WithClock(future), w)},
			{"wrong audience", "Bearer " + issue(t, issuer(t, e.Keys, apitest.Issuer, "another-api"), w)},
			{"wrong issuer", "Bearer " + issue(t, issuer(t, e.Keys, "someone-else", apitest.Audience), w)},
			{"alg none", "Bearer " + strings.Join(strings.Split(rewrite(t, genuine, 0, func(h map[string]any) { h["alg"] = "none" }), ".")[:2], ".") + "."},
			{"alg none keeping the signature", "Bearer " + rewrite(t, genuine, 0, func(h map[string]any) { h["alg"] = "none" })},
			{"signature stripped", "Bearer " + strings.Join(strings.Split(genuine, ".")[:2], ".") + "."},
			{"HS512 with the right key", "Bearer " + sign(t, jwt.SigningMethodHS512, key, e.Keys.CurrentID, claimsOf(w))},
			{"ES256 with the kid of the HMAC key", "Bearer " + sign(t, jwt.SigningMethodES256, ecKey, e.Keys.CurrentID, claimsOf(w))},
			{"payload moved to another workspace", "Bearer " + rewrite(t, genuine, 1, func(c map[string]any) { c["wid"] = other.ID })},
			{"payload naming another member", "Bearer " + rewrite(t, genuine, 1, func(c map[string]any) { c["sub"] = other.OwnerID })},
			{"no expiry", "Bearer " + sign(t, jwt.SigningMethodHS256, key, e.Keys.CurrentID, with(claimsOf(w), "exp", nil))},
			{"no workspace", "Bearer " + sign(t, jwt.SigningMethodHS256, key, e.Keys.CurrentID, with(claimsOf(w), "wid", nil))},
			{"an unknown role", "Bearer " + sign(t, jwt.SigningMethodHS256, key, e.Keys.CurrentID, with(claimsOf(w), "role", "superadmin"))},
			{"a refresh token as bearer", "Bearer " + w.Refresh},
			{"an unknown API key", "Bearer ofk_" + strings.Repeat("A", 43)},
		}
		// The genuine token works, so each refusal below is about the credential.
		e.Must(200, "GET", "/api/v1/accounts", genuine, nil)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.Do(apitest.Request{Method: "GET", Path: "/api/v1/accounts", Header: map[string]string{"Authorization": c.header}})
				wantProblem(t, c.name, r, 401, "unauthenticated")
				if ch := r.Header.Get("WWW-Authenticate"); !strings.HasPrefix(ch, "Bearer ") {
					t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", ch)
				}
				if strings.Contains(string(r.Body), "data") {
					t.Errorf("a refused request returned data: %s", r.Body)
				}
			})
		}
	})
}

func refresh(e *apitest.Env, token string) apitest.Response {
	e.T.Helper()
	return e.Call("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": token})
}

func login(e *apitest.Env, email, password string) apitest.Response {
	e.T.Helper()
	return e.Call("POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password})
}

// Refresh tokens rotate; a replayed one revokes its whole family, and only it.
func TestRefreshRotationAndReuse(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Rotate")
		second := login(e, w.Email, w.Password) // another device: another family
		if second.Status != 200 {
			t.Fatalf("login: %d %s", second.Status, second.Body)
		}

		r1 := e.Must(200, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": w.Refresh})
		if r1.Str("refresh_token") == "" || r1.Str("refresh_token") == w.Refresh {
			t.Fatalf("refresh did not rotate: %s", r1.Body)
		}
		e.Must(200, "GET", "/api/v1/me", r1.Str("access_token"), nil)

		wantProblem(t, "replaying the used token", refresh(e, w.Refresh), 401, "unauthenticated")
		wantProblem(t, "the rotated token after the replay", refresh(e, r1.Str("refresh_token")), 401, "unauthenticated")
		// The other device's family is untouched.
		if r := refresh(e, second.Str("refresh_token")); r.Status != 200 {
			t.Errorf("another family was revoked too: %d %s", r.Status, r.Body)
		}
		wantProblem(t, "an unknown refresh token", refresh(e, "ofr_"+strings.Repeat("x", 43)), 401, "unauthenticated")
	})
}

func TestLogoutRevokesTheSession(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Logout")
		other := login(e, w.Email, w.Password)
		e.Must(204, "POST", "/api/v1/auth/logout", "", map[string]any{"refresh_token": w.Refresh})
		wantProblem(t, "refresh after logout", refresh(e, w.Refresh), 401, "unauthenticated")
		// Logging out an unknown token says nothing about it.
		e.Must(204, "POST", "/api/v1/auth/logout", "", map[string]any{"refresh_token": "ofr_unknown"})
		if r := refresh(e, other.Str("refresh_token")); r.Status != 200 {
			t.Errorf("logout ended another session: %d %s", r.Status, r.Body)
		}
	})
}

func TestPasswordChangeRevokesSessions(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Password")
		other := login(e, w.Email, w.Password).Str("refresh_token")
		wrong := e.Call("POST", "/api/v1/me/password", w.Token, map[string]any{"current_password": "not it", "new_password": "a brand new passphrase"})
		wantProblem(t, "a wrong current password", wrong, 422, "validation_failed")
		if r := refresh(e, w.Refresh); r.Status != 200 {
			t.Fatalf("a refused change revoked sessions: %d", r.Status)
		} else {
			w.Refresh = r.Str("refresh_token")
		}

		e.Must(204, "POST", "/api/v1/me/password", w.Token, map[string]any{"current_password": w.Password, "new_password": "a brand new passphrase"})
		for name, tok := range map[string]string{"this session": w.Refresh, "another session": other} {
			wantProblem(t, "refresh of "+name+" after a password change", refresh(e, tok), 401, "unauthenticated")
		}
		wantProblem(t, "login with the old password", login(e, w.Email, w.Password), 401, "unauthenticated")
		if r := login(e, w.Email, "a brand new passphrase"); r.Status != 200 {
			t.Errorf("login with the new password: %d %s", r.Status, r.Body)
		}
	})
}

// Removing a member or changing their role ends their sessions and takes
// effect at once, also for access tokens issued before.
func TestMemberRemovalAndRoleChangeRevokeSessions(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Team")
		leaver, demoted, coOwner := join(e, w.Token, "admin"), join(e, w.Token, "admin"), join(e, w.Token, "owner")
		// Each has used their token, so that where member rows are cached
		// (PostgreSQL) theirs are, and the changes below must reach the cache.
		for _, p := range []person{leaver, demoted, coOwner} {
			e.Must(200, "GET", "/api/v1/accounts", p.Token, nil)
			e.Must(200, "GET", "/api/v1/accounts", p.Token, nil)
		}
		keysBefore := len(e.Must(200, "GET", "/api/v1/api-keys", w.Token, nil).Data())

		e.Must(204, "DELETE", "/api/v1/members/"+leaver.ID, w.Token, nil)
		wantProblem(t, "refresh of a removed member", refresh(e, leaver.Refresh), 401, "unauthenticated")
		wantProblem(t, "login of a removed member", login(e, leaver.Email, leaver.Password), 401, "unauthenticated")
		// The removed admin's unexpired access token must not mint a key that outlives the removal.
		wantProblem(t, "a removed admin's access token creating an API key",
			e.Call("POST", "/api/v1/api-keys", leaver.Token, map[string]any{"name": "backdoor", "scope": "read_write"}), 401, "unauthenticated")
		wantProblem(t, "a removed admin's access token reading", e.Call("GET", "/api/v1/accounts", leaver.Token, nil), 401, "unauthenticated")
		if n := len(e.Must(200, "GET", "/api/v1/api-keys", w.Token, nil).Data()); n != keysBefore {
			t.Errorf("the workspace has %d API keys, want %d", n, keysBefore)
		}

		e.Must(200, "PATCH", "/api/v1/members/"+demoted.ID, w.Token, map[string]any{"role": "viewer"})
		wantProblem(t, "refresh after a role change", refresh(e, demoted.Refresh), 401, "unauthenticated")
		wantProblem(t, "a demoted admin's old access token creating an API key",
			e.Call("POST", "/api/v1/api-keys", demoted.Token, map[string]any{"name": "backdoor", "scope": "read_write"}), 403, "forbidden")
		wantProblem(t, "a demoted admin's old access token writing",
			e.Call("POST", "/api/v1/accounts", demoted.Token, map[string]any{"name": "x"}), 403, "forbidden")

		// A demoted owner cannot use an old token to promote themselves back.
		e.Must(200, "PATCH", "/api/v1/members/"+coOwner.ID, w.Token, map[string]any{"role": "member"})
		wantProblem(t, "a demoted owner re-promoting themselves",
			e.Call("PATCH", "/api/v1/members/"+coOwner.ID, coOwner.Token, map[string]any{"role": "owner"}), 403, "forbidden")
		if m := e.Must(200, "GET", "/api/v1/members/"+coOwner.ID, w.Token, nil); m.Str("role") != "member" {
			t.Errorf("the demoted owner is %q again", m.Str("role"))
		}
		// At the next login the new role applies.
		tok := login(e, demoted.Email, demoted.Password).Str("access_token")
		wantProblem(t, "a demoted admin creating a stage", e.Call("POST", "/api/v1/stages", tok, map[string]any{"name": "x", "phase": "lead"}), 403, "forbidden")
		// The owner's own session is untouched.
		if r := refresh(e, w.Refresh); r.Status != 200 {
			t.Errorf("the owner's session was revoked: %d", r.Status)
		}
	})
}

// A wrong password and an unknown email are indistinguishable, and both count
// towards the same rate limit, which answers 429 with Retry-After.
func TestLoginRevealsNothingAndIsRateLimited(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d, apitest.Options{LoginAttempts: 3})
		w, bystander := e.Signup("Locked"), e.Signup("Bystander")

		wrongPassword := login(e, w.Email, "not the password")
		unknownEmail := login(e, "nobody@nowhere.example", "not the password")
		wantProblem(t, "wrong password", wrongPassword, 401, "unauthenticated")
		if unknownEmail.Status != wrongPassword.Status || string(unknownEmail.Body) != string(wrongPassword.Body) ||
			unknownEmail.Header.Get("Content-Type") != wrongPassword.Header.Get("Content-Type") {
			t.Errorf("unknown email and wrong password differ:\n%d %s\n%d %s", unknownEmail.Status, unknownEmail.Body, wrongPassword.Status, wrongPassword.Body)
		}

		login(e, w.Email, "still not it")
		login(e, w.Email, "nor this")
		for name, r := range map[string]apitest.Response{
			"the right password once locked": login(e, w.Email, w.Password),
			"a wrong password once locked":   login(e, w.Email, "wrong again"),
		} {
			wantProblem(t, name, r, 429, "rate_limited")
			if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 {
				t.Errorf("%s: Retry-After = %q, want whole seconds ≥ 1", name, r.Header.Get("Retry-After"))
			}
		}
		// An unknown email locks the same way, so the limit reveals no accounts either.
		for range 3 {
			login(e, "nobody@nowhere.example", "guess")
		}
		wantProblem(t, "an unknown email once locked", login(e, "nobody@nowhere.example", "guess"), 429, "rate_limited")
		// The limit is per account: another member still logs in.
		if r := login(e, bystander.Email, bystander.Password); r.Status != 200 {
			t.Errorf("a bystander was locked out: %d %s", r.Status, r.Body)
		}
	})
}

// Logins and signups are limited per client address too, so guessing across
// many emails or creating workspaces in bulk stops; X-Forwarded-For from an
// untrusted peer does not reset the count.
func TestRateLimitsPerAddress(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d, apitest.Options{LoginAttempts: 1}) // 5 per address per window
		spoofed := map[string]string{"X-Forwarded-For": "198.51.100.7"}
		for i := range 6 {
			email := "guess" + strconv.Itoa(i) + "@nowhere.example"
			r := e.Do(apitest.Request{Method: "POST", Path: "/api/v1/auth/login", Header: spoofed, Body: map[string]any{"email": email, "password": "guess"}})
			if i < 5 {
				wantProblem(t, "login "+strconv.Itoa(i+1), r, 401, "unauthenticated")
			} else {
				wantProblem(t, "the 6th login from one address", r, 429, "rate_limited")
			}
		}
		for i := range 6 {
			r := e.Do(apitest.Request{Method: "POST", Path: "/api/v1/auth/signup", Header: spoofed, Body: map[string]any{
				"workspace_name": "W", "name": "N", "email": "bulk" + strconv.Itoa(i) + "@x.example", "password": "correct horse battery staple"}})
			if i < 5 && r.Status != 201 {
				t.Fatalf("signup %d: %d %s", i+1, r.Status, r.Body)
			}
			if i == 5 {
				wantProblem(t, "the 6th signup from one address", r, 429, "rate_limited")
				if r.Header.Get("Retry-After") == "" {
					t.Error("no Retry-After")
				}
			}
		}
	})
}

func TestSignupModes(t *testing.T) {
	signup := func(e *apitest.Env, n int) apitest.Response {
		return e.Call("POST", "/api/v1/auth/signup", "", map[string]any{
			"workspace_name": "W", "name": "N", "email": "founder" + strconv.Itoa(n) + "@x.example", "password": "correct horse battery staple"})
	}
	workspaces := func(t *testing.T, e *apitest.Env) int64 {
		n, err := e.DB.Tenancy().CountWorkspaces(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		t.Run("closed", func(t *testing.T) {
			e := apitest.New(t, d, apitest.Options{Signup: workspace.SignupClosed})
			wantProblem(t, "signup on a closed server", signup(e, 1), 403, "forbidden")
			if n := workspaces(t, e); n != 0 {
				t.Errorf("%d workspaces exist", n)
			}
		})
		t.Run("first", func(t *testing.T) {
			e := apitest.New(t, d, apitest.Options{Signup: workspace.SignupFirst})
			if r := signup(e, 1); r.Status != 201 {
				t.Fatalf("the first signup: %d %s", r.Status, r.Body)
			}
			wantProblem(t, "a second signup", signup(e, 2), 403, "forbidden")
			if n := workspaces(t, e); n != 1 {
				t.Errorf("%d workspaces exist, want 1", n)
			}
		})
	})
}
