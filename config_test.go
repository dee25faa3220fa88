package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/domain/workspace"
)

// unsetSettings removes every ONEFUNNEL_* setting (and its _FILE) for the
// test, so each case starts from the defaults whatever the shell exports.
func unsetSettings(t *testing.T) {
	t.Helper()
	for _, s := range settings {
		for _, name := range []string{s.env, s.env + "_FILE"} {
			t.Setenv(name, "") // restores the original value after the test
			if err := os.Unsetenv(name); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadConfig(t *testing.T) {
	secret := writeFile(t, "  from-a-file-0123456789abcdef0123456789  \n")
	urlFile := writeFile(t, "postgres://u:p@db:5432/of\n")
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(t *testing.T, c Config)
	}{
		{"defaults", nil, nil, func(t *testing.T, c Config) {
			if c.Addr != ":8080" || c.DataDir != "./data" || c.DatabaseURL != "" || c.Signup != workspace.SignupOpen ||
				c.JWTKey != "" || c.LogLevel != "info" || c.TrustedProxies != nil || c.FirstLogin {
				t.Errorf("defaults = %+v", c)
			}
		}},
		{"the environment sets", map[string]string{"ONEFUNNEL_ADDR": "127.0.0.1:9000", "ONEFUNNEL_SIGNUP": "first", "ONEFUNNEL_LOG_LEVEL": "debug"}, nil, func(t *testing.T, c Config) {
			if c.Addr != "127.0.0.1:9000" || c.Signup != workspace.SignupFirst || c.LogLevel != "debug" {
				t.Errorf("from env = %+v", c)
			}
		}},
		{"flags win over the environment", map[string]string{"ONEFUNNEL_ADDR": "127.0.0.1:9000", "ONEFUNNEL_DATA_DIR": "/env"}, []string{"--addr", ":7000", "-data-dir=/flag", "--signup", "closed", "--first-login"}, func(t *testing.T, c Config) {
			if c.Addr != ":7000" || c.DataDir != "/flag" || c.Signup != workspace.SignupClosed || !c.FirstLogin {
				t.Errorf("flags over env = %+v", c)
			}
		}},
		{"a secret from NAME_FILE, trimmed", map[string]string{"ONEFUNNEL_JWT_KEY_FILE": secret, "ONEFUNNEL_DATABASE_URL_FILE": urlFile}, nil, func(t *testing.T, c Config) {
			if c.JWTKey != "from-a-file-0123456789abcdef0123456789" || c.DatabaseURL != "postgres://u:p@db:5432/of" {
				t.Errorf("from files: key %q url %q", c.JWTKey, c.DatabaseURL)
			}
		}},
		{"NAME_FILE wins over NAME", map[string]string{"ONEFUNNEL_JWT_KEY": "from-the-variable", "ONEFUNNEL_JWT_KEY_FILE": secret}, nil, func(t *testing.T, c Config) {
			if c.JWTKey != "from-a-file-0123456789abcdef0123456789" {
				t.Errorf("JWTKey = %q, want the file's", c.JWTKey)
			}
		}},
		{"a flag wins over NAME_FILE", map[string]string{"ONEFUNNEL_JWT_KEY_FILE": secret}, []string{"--jwt-key", "from-the-flag"}, func(t *testing.T, c Config) {
			if c.JWTKey != "from-the-flag" {
				t.Errorf("JWTKey = %q, want the flag's", c.JWTKey)
			}
		}},
		{"trusted proxies, IPv4 and IPv6, spaces and empty items ignored", map[string]string{"ONEFUNNEL_TRUSTED_PROXIES": " 10.0.0.0/8, ,fd00::/8,192.168.1.7/32 "}, nil, func(t *testing.T, c Config) {
			var got []string
			for _, n := range c.TrustedProxies {
				got = append(got, n.String())
			}
			if strings.Join(got, " ") != "10.0.0.0/8 fd00::/8 192.168.1.7/32" {
				t.Errorf("trusted proxies = %v", got)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			unsetSettings(t)
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			cfg, _, err := loadConfig("serve", c.args)
			if err != nil {
				t.Fatal(err)
			}
			c.check(t, cfg)
		})
	}
}

func TestLoadConfigRejects(t *testing.T) {
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"an unknown sign-up mode in the environment", map[string]string{"ONEFUNNEL_SIGNUP": "sometimes"}, nil, `ONEFUNNEL_SIGNUP must be open, first or closed, not "sometimes"`},
		{"an unknown sign-up mode as a flag", nil, []string{"--signup", "Open"}, `ONEFUNNEL_SIGNUP must be open, first or closed, not "Open"`},
		{"a proxy address without a mask", map[string]string{"ONEFUNNEL_TRUSTED_PROXIES": "10.0.0.1"}, nil, "ONEFUNNEL_TRUSTED_PROXIES: invalid CIDR address: 10.0.0.1"},
		{"a missing secret file", map[string]string{"ONEFUNNEL_JWT_KEY_FILE": "/nonexistent/jwt.key"}, nil, "ONEFUNNEL_JWT_KEY_FILE: open /nonexistent/jwt.key"},
		{"an unknown flag", nil, []string{"--listen", ":1"}, "flag provided but not defined: -listen"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			unsetSettings(t)
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			_, _, err := loadConfig("serve", c.args)
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, c.wantErr)
			}
		})
	}
}

// Without ONEFUNNEL_JWT_KEY the first start makes a key and keeps it, owner
// only, so sessions survive restarts; later starts reuse it.
func TestKeySetGeneratedOnceAndKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	c := Config{DataDir: dir}
	first, err := c.keySet()
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, "jwt.key"))
	if err != nil {
		t.Fatalf("no key file: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("jwt.key mode = %v, want 0600", st.Mode().Perm())
	}
	if d, _ := os.Stat(dir); d.Mode().Perm() != 0o700 {
		t.Errorf("data dir mode = %v, want 0700", d.Mode().Perm())
	}
	if k := first.Keys[first.CurrentID]; len(k) != 32 {
		t.Errorf("generated key has %d bytes, want 32", len(k))
	}
	second, err := c.keySet()
	if err != nil {
		t.Fatal(err)
	}
	if second.CurrentID != first.CurrentID || !bytes.Equal(second.Keys[second.CurrentID], first.Keys[first.CurrentID]) {
		t.Error("the second start made a new key instead of reusing the kept one")
	}
	if other, _ := (Config{DataDir: t.TempDir()}).keySet(); other.CurrentID == first.CurrentID {
		t.Error("two data dirs generated the same key")
	}
}

func TestKeySetFromConfiguration(t *testing.T) {
	dir := t.TempDir()
	ks, err := Config{DataDir: dir, JWTKey: strings.Repeat("k", 32)}.keySet()
	if err != nil {
		t.Fatal(err)
	}
	if string(ks.Keys[ks.CurrentID]) != strings.Repeat("k", 32) {
		t.Error("the configured key is not the one used")
	}
	if _, err := os.Stat(filepath.Join(dir, "jwt.key")); !os.IsNotExist(err) {
		t.Errorf("a configured key still wrote jwt.key (stat: %v)", err)
	}

	if _, err := (Config{DataDir: dir, JWTKey: strings.Repeat("k", 31)}).keySet(); err == nil || !strings.Contains(err.Error(), "at least 32 bytes") {
		t.Errorf("a 31-byte key: err = %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "jwt.key"), []byte("not base64!\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := (Config{DataDir: dir}).keySet(); err == nil || !strings.Contains(err.Error(), "jwt.key") {
		t.Errorf("a corrupt jwt.key: err = %v, want an error naming the file", err)
	}
}
