package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/workspace"
)

// Config is every setting, loaded once from flags and ONEFUNNEL_* variables
// (flags win), secrets also from *_FILE.
type Config struct {
	Addr           string
	DataDir        string
	DatabaseURL    string
	Signup         workspace.SignupMode
	JWTKey         string
	TrustedProxies []*net.IPNet
	LogLevel       string
	FirstLogin     bool
	Demo           bool
}

// settings names each flag, its variable and default.
var settings = []struct{ flag, env, def, help string }{
	{"addr", "ONEFUNNEL_ADDR", ":8080", "listen address"},
	{"data-dir", "ONEFUNNEL_DATA_DIR", "./data", "directory for the SQLite database and generated keys"},
	{"database-url", "ONEFUNNEL_DATABASE_URL", "", "postgres:// URL; empty = SQLite in the data dir"},
	{"signup", "ONEFUNNEL_SIGNUP", "open", "who may create workspaces: open, first or closed"},
	{"jwt-key", "ONEFUNNEL_JWT_KEY", "", "HMAC key for access tokens (≥ 32 bytes); empty = generated and kept in the data dir"},
	{"trusted-proxies", "ONEFUNNEL_TRUSTED_PROXIES", "", "comma-separated CIDRs whose X-Forwarded-For is trusted"},
	{"log-level", "ONEFUNNEL_LOG_LEVEL", "info", "debug, info, warn or error"},
}

// loadConfig parses args (after the subcommand) over the environment.
func loadConfig(name string, args []string) (Config, *flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	vals := map[string]*string{}
	for _, s := range settings {
		def, err := envValue(s.env, s.def)
		if err != nil {
			return Config{}, fs, err
		}
		vals[s.flag] = fs.String(s.flag, def, s.help+" (env "+s.env+")")
	}
	firstLogin := fs.Bool("first-login", false, "on an empty database, create a workspace and owner and print the login")
	demo := fs.Bool("demo", false, "on an empty database, create a workspace filled with demo data and print the login (see onefunnel demo)")
	if err := fs.Parse(args); err != nil {
		return Config{}, fs, err
	}
	c := Config{
		Addr: *vals["addr"], DataDir: *vals["data-dir"], DatabaseURL: *vals["database-url"],
		JWTKey: *vals["jwt-key"], LogLevel: *vals["log-level"], FirstLogin: *firstLogin, Demo: *demo,
	}
	mode, ok := workspace.ParseSignupMode(*vals["signup"])
	if !ok {
		return c, fs, fmt.Errorf("ONEFUNNEL_SIGNUP must be open, first or closed, not %q", *vals["signup"])
	}
	c.Signup = mode
	for _, cidr := range strings.Split(*vals["trusted-proxies"], ",") {
		if cidr = strings.TrimSpace(cidr); cidr == "" {
			continue
		}
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			return c, fs, fmt.Errorf("ONEFUNNEL_TRUSTED_PROXIES: %w", err)
		}
		c.TrustedProxies = append(c.TrustedProxies, n)
	}
	return c, fs, nil
}

// envValue reads NAME, or the file named by NAME_FILE (for secrets), or def.
func envValue(name, def string) (string, error) {
	if path := os.Getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	if v, ok := os.LookupEnv(name); ok {
		return v, nil
	}
	return def, nil
}

// keySet returns the access-token key: the configured one, else the one kept in
// the data dir, else a new random one written there (0600). Replicas sharing
// one PostgreSQL must be given the same ONEFUNNEL_JWT_KEY.
func (c Config) keySet() (auth.KeySet, error) {
	key := []byte(c.JWTKey)
	if len(key) == 0 {
		path := filepath.Join(c.DataDir, "jwt.key")
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			key, err = base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
			if err != nil {
				return auth.KeySet{}, fmt.Errorf("%s: %w", path, err)
			}
		case errors.Is(err, os.ErrNotExist):
			key = make([]byte, 32)
			if _, err := rand.Read(key); err != nil {
				return auth.KeySet{}, err
			}
			if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
				return auth.KeySet{}, err
			}
			if err := os.WriteFile(path, []byte(base64.StdEncoding.EncodeToString(key)+"\n"), 0o600); err != nil {
				return auth.KeySet{}, err
			}
		default:
			return auth.KeySet{}, err
		}
	}
	if len(key) < 32 {
		return auth.KeySet{}, errors.New("ONEFUNNEL_JWT_KEY must be at least 32 bytes")
	}
	sum := sha256.Sum256(key)
	kid := hex.EncodeToString(sum[:4])
	return auth.KeySet{CurrentID: kid, Keys: map[string][]byte{kid: key}}, nil
}

// tokenIssuer signs and checks access tokens with the configured keys.
func (c Config) tokenIssuer() (*auth.TokenIssuer, error) {
	keys, err := c.keySet()
	if err != nil {
		return nil, err
	}
	return auth.NewTokenIssuer(keys, tokenIssuer, tokenAudience, accessTTL)
}
