package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/storage"
)

// openDB opens and migrates the configured database; log (nil: none) gets
// what goes wrong in its background work.
func openDB(ctx context.Context, c Config, log *slog.Logger) (*storage.DB, error) {
	db, err := storage.Open(ctx, storage.Options{URL: c.DatabaseURL, DataDir: c.DataDir, Logger: log})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

func migrate(ctx context.Context, args []string) error {
	c, _, err := loadConfig("migrate", args)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, c, nil)
	if err != nil {
		return err
	}
	fmt.Println("migrations applied")
	return db.Close()
}

func backup(ctx context.Context, args []string) error {
	c, fs, err := loadConfig("backup", args)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("usage: onefunnel backup FILE")
	}
	if c.DatabaseURL != "" {
		return errors.New("on PostgreSQL, back up with: pg_dump --format=custom \"$ONEFUNNEL_DATABASE_URL\" > onefunnel.dump")
	}
	db, err := openDB(ctx, c, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Println("backup written to", fs.Arg(0))
	return nil
}

// userCreate adds a member to the named workspace, creating the workspace when
// it does not exist (then the member is its owner).
func userCreate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	email := fs.String("email", "", "email (required)")
	name := fs.String("name", "", "display name (required)")
	wsName := fs.String("workspace", "", "workspace name (required)")
	role := fs.String("role", "owner", "owner, admin, member or viewer (for an existing workspace)")
	pwFile := fs.String("password-file", "", "file holding the password (else ONEFUNNEL_PASSWORD)")
	own, rest := splitFlags(fs, args)
	if err := fs.Parse(own); err != nil {
		return err
	}
	c, _, err := loadConfig("user create", rest)
	if err != nil {
		return err
	}
	password := os.Getenv("ONEFUNNEL_PASSWORD")
	if *pwFile != "" {
		b, err := os.ReadFile(*pwFile)
		if err != nil {
			return err
		}
		password = strings.TrimSpace(string(b))
	}
	if *email == "" || *name == "" || *wsName == "" || password == "" {
		return errors.New("usage: onefunnel user create --email E --name N --workspace W [--role R] with ONEFUNNEL_PASSWORD or --password-file")
	}
	db, err := openDB(ctx, c, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := createMember(ctx, db, *wsName, *name, *email, password, *role)
	if err != nil {
		return err
	}
	fmt.Printf("member %s (%s) is %s of workspace %s\n", m.Email, m.ID, m.Role, m.WorkspaceID)
	return nil
}

// splitFlags separates a subcommand's own flags (those fs defines, each
// taking a value, and -h, so it lists them) from the shared settings
// loadConfig parses.
func splitFlags(fs *flag.FlagSet, args []string) (own, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		n := strings.TrimLeft(strings.SplitN(a, "=", 2)[0], "-")
		if n == "h" || n == "help" {
			own = append(own, a)
			continue
		}
		if fs.Lookup(n) != nil {
			own = append(own, a)
			if !strings.Contains(a, "=") && i+1 < len(args) {
				own, i = append(own, args[i+1]), i+1
			}
			continue
		}
		rest = append(rest, a)
	}
	return own, rest
}

// createMember is the admin path that bypasses invites: it runs with the
// operator's authority on the server, not through the API.
func createMember(ctx context.Context, db *storage.DB, wsName, name, email, password, role string) (workspace.Member, error) {
	v := &domain.ValidationError{}
	wsName = domain.CheckName(v, "workspace", wsName)
	name = domain.CheckName(v, "name", name)
	email = domain.NormalizeEmail(v, "email", email)
	if err := v.Err(); err != nil {
		return workspace.Member{}, err
	}
	if err := auth.ValidatePassword(password); err != nil {
		return workspace.Member{}, err
	}
	r, err := auth.ParseRole(role)
	if err != nil {
		return workspace.Member{}, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return workspace.Member{}, err
	}
	st := db.Tenancy()
	var m workspace.Member
	err = st.Tx(ctx, func(ctx context.Context) error {
		now := domain.Now()
		wsID, err := st.WorkspaceIDByName(ctx, wsName)
		if errors.Is(err, domain.ErrNotFound) {
			w := workspace.Workspace{ID: domain.NewID(), Name: wsName, CreatedAt: now, UpdatedAt: now}
			if err := st.CreateWorkspace(ctx, &w); err != nil {
				return err
			}
			if err := st.SeedPipeline(ctx, w.ID, now); err != nil {
				return err
			}
			wsID, r = w.ID, auth.RoleOwner
		} else if err != nil {
			return err
		}
		m = workspace.Member{WorkspaceID: wsID, ID: domain.NewID(), Email: email, Name: name, Role: r, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		return st.CreateMember(ctx, &m)
	})
	return m, err
}
