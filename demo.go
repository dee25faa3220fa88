package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/demo"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/storage"
)

// demoOptions says which demo to make and who logs in to it.
type demoOptions struct {
	seed      uint64
	scale     float64
	months    int
	email     string
	password  string // "" means a random one
	workspace string
}

// defaultDemo is what `serve --demo` makes, and the demo command's defaults.
func defaultDemo() demoOptions {
	return demoOptions{seed: 1, scale: 1, months: 6, email: "demo@onefunnel.local", workspace: "Demo"}
}

// demoCommand creates a new workspace filled with generated data and prints
// its login and what it holds.
func demoCommand(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	o := defaultDemo()
	fs.Uint64Var(&o.seed, "seed", o.seed, "random seed: another seed, other data (the same seed at the same clock gives the same rows)")
	fs.Float64Var(&o.scale, "scale", o.scale, "multiplies every count: 1 is about 1,500 prospects and 40,000 touchpoints")
	fs.IntVar(&o.months, "months", o.months, "months of history, ending now")
	fs.StringVar(&o.email, "email", o.email, "the owner's email")
	fs.StringVar(&o.password, "password", "", "the owner's password (else ONEFUNNEL_PASSWORD, else a random one, printed)")
	fs.StringVar(&o.workspace, "workspace", o.workspace, "the new workspace's name")
	own, rest := splitFlags(fs, args)
	if err := fs.Parse(own); err != nil {
		return err
	}
	c, _, err := loadConfig("demo", rest)
	if err != nil {
		return err
	}
	if o.password == "" {
		o.password = os.Getenv("ONEFUNNEL_PASSWORD")
	}
	db, err := openDB(ctx, c, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	tokens, err := c.tokenIssuer()
	if err != nil {
		return err
	}
	start := time.Now()
	d, err := seedDemo(ctx, db, tokens, o)
	if err != nil {
		return err
	}
	fmt.Print(d.summary(time.Since(start)))
	fmt.Printf("Login: email %s  password %s\n", d.email, d.password)
	return nil
}

// seededDemo is a demo workspace written to the database.
type seededDemo struct {
	opts            demoOptions
	email, password string
	counts          demo.Counts
	truth           demo.Truth
}

// seedDemo signs up a new workspace and its owner (as a person would, so the
// owner logs in like anyone), adds the sales team, and writes a generated
// plan into it. A failed write takes the half-filled workspace away again.
func seedDemo(ctx context.Context, db *storage.DB, tokens *auth.TokenIssuer, o demoOptions) (seededDemo, error) {
	if o.password == "" {
		pw := make([]byte, 12)
		if _, err := rand.Read(pw); err != nil {
			return seededDemo{}, err
		}
		o.password = base64.RawURLEncoding.EncodeToString(pw)
	}
	// The operator asked for this workspace: the server's sign-up policy is
	// for strangers on the web, not for the command line.
	cfg := workspace.DefaultConfig()
	cfg.Signup = workspace.SignupOpen
	signup, err := workspace.New(db.Tenancy(), tokens, cfg).Signup(ctx, workspace.SignupInput{
		WorkspaceName: o.workspace, Name: "Demo Owner", Email: o.email, Password: o.password, IP: "command line",
	})
	if err != nil {
		return seededDemo{}, fmt.Errorf("demo workspace: %w", err)
	}
	d := seededDemo{opts: o, email: domain.NormalizeEmail(&domain.ValidationError{}, "email", o.email), password: o.password}
	d.counts, d.truth, err = fillDemo(ctx, db, signup.WorkspaceID, signup.MemberID, o)
	if err != nil {
		if derr := db.DeleteWorkspace(ctx, signup.WorkspaceID); derr != nil {
			err = errors.Join(err, fmt.Errorf("removing the half-written demo workspace %s: %w", signup.WorkspaceID, derr))
		}
		return seededDemo{}, err
	}
	return d, nil
}

// fillDemo adds the sales team and writes the plan.
func fillDemo(ctx context.Context, db *storage.DB, ws, owner string, o demoOptions) (demo.Counts, demo.Truth, error) {
	owners := []string{owner}
	for _, p := range demo.Team() {
		// Team members are there to own prospects: their passwords are random
		// and known to nobody, so they cannot log in.
		secret := make([]byte, 24)
		if _, err := rand.Read(secret); err != nil {
			return demo.Counts{}, demo.Truth{}, err
		}
		hash, err := auth.HashPassword(base64.RawURLEncoding.EncodeToString(secret))
		if err != nil {
			return demo.Counts{}, demo.Truth{}, err
		}
		now := domain.Now()
		m := workspace.Member{WorkspaceID: ws, ID: domain.NewID(), Email: p.Email, Name: p.Name, Role: auth.RoleMember, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}
		if err := db.Tenancy().CreateMember(ctx, &m); err != nil {
			return demo.Counts{}, demo.Truth{}, err
		}
		owners = append(owners, m.ID)
	}
	stages, err := db.CRM().Stages.All(ctx, ws)
	if err != nil {
		return demo.Counts{}, demo.Truth{}, err
	}
	plan, err := demo.Generate(demo.Config{
		Seed: o.seed, Now: domain.Now(), Months: o.months, Scale: o.scale, WorkspaceID: ws, Stages: stages, Owners: owners,
	})
	if err != nil {
		return demo.Counts{}, demo.Truth{}, err
	}
	n, err := db.WriteDemo(ctx, plan)
	return n, plan.Config.Truth, err
}

// summary says what the demo holds and what it was built to show.
func (d seededDemo) summary(took time.Duration) string {
	n := d.counts
	return fmt.Sprintf("Demo workspace %q: %d prospects (%d won, %d lost, %d open), %d accounts, %d contacts, "+
		"%d campaigns, %d touchpoints, %d sessions, %d stage changes, %d activities; %d rows in %s (seed %d, scale %g, %d months)\n"+
		"Built in: a Display ad impression before the decision multiplies the chance to win by %g; "+
		"the lift report stratified by first-touch channel should find it, the crude ratio (about %.2f) hides it\n",
		d.opts.workspace, n.Prospects, n.Won, n.Lost, n.Open, n.Accounts, n.Contacts, n.Campaigns, n.Touchpoints, n.Sessions,
		n.StageChanges, n.Activities, n.Rows(), took.Round(time.Millisecond), d.opts.seed, d.opts.scale, d.opts.months,
		d.truth.Factor, d.truth.CrudeRiskRatio())
}
