package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/api"
	"github.com/onefunnel/onefunnel/domain/auth"
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/reports"
	"github.com/onefunnel/onefunnel/domain/tracking"
	"github.com/onefunnel/onefunnel/domain/workspace"
	"github.com/onefunnel/onefunnel/frontend"
	"github.com/onefunnel/onefunnel/storage"
)

// Token settings (SECURITY.md): short-lived access tokens for this audience.
const (
	tokenIssuer   = "onefunnel"
	tokenAudience = "onefunnel-api"
	accessTTL     = 15 * time.Minute
	drainTimeout  = 25 * time.Second
)

// The event processor polls this often when the queue is empty; how many
// events it claims per transaction is the database's (ProcessorBatch).
const processorIdle = 200 * time.Millisecond

// serve is the composition root: config → storage → migrate → services → api → listen.
func serve(ctx context.Context, args []string) error {
	c, _, err := loadConfig("serve", args)
	if err != nil {
		return err
	}
	log := newLogger(c.LogLevel)
	api.TuneGC()
	db, err := openDB(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	tokens, err := c.tokenIssuer()
	if err != nil {
		return err
	}
	wcfg := workspace.DefaultConfig()
	wcfg.Signup = c.Signup
	ws := workspace.New(db.Tenancy(), tokens, wcfg)
	web, _ := frontend.Assets()
	events := db.NewBatcher(0)
	// After Shutdown has drained the requests (each waits for its commit),
	// Close commits anything still queued.
	defer events.Close()
	e, err := api.New(api.Deps{
		CRM: crm.New(db.CRM()), Marketing: marketing.New(db.Marketing()), Workspaces: ws, WriteKeys: workspace.NewWriteKeys(db.Tenancy()), Events: events, EventLog: tracking.NewEvents(db.Events()), Reports: reports.New(db.Reports(), nil), EventMaps: tracking.NewEventMaps(db.EventMaps()), Idempotency: db.Idempotency(), Ready: db, Queue: db,
		Logger: log, WebApp: web, TrustedProxies: c.TrustedProxies,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler: e, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 120 * time.Second,
	}
	go sweepIdempotencyKeys(ctx, db.Idempotency())
	stopProcessor := startProcessor(ctx, db, log)
	defer stopProcessor()
	go maintain(ctx, db, log)

	url := "http://" + displayAddr(ln.Addr().String())
	fmt.Printf("OneFunnel is running at %s (database: %s)\n", url, db.Dialect())
	if err := greet(ctx, c, db, ws, tokens, url); err != nil {
		return err
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "drain_timeout", drainTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), drainTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// greet tells a newcomer how to log in. With --demo (or --first-login) and
// an empty database it creates a demo workspace (or an empty one) and its
// owner with a random password, prints the login once and keeps it in the
// data dir (0600) for the next start.
func greet(ctx context.Context, c Config, db *storage.DB, ws *workspace.Service, tokens *auth.TokenIssuer, url string) error {
	n, err := ws.CountWorkspaces(ctx)
	if err != nil {
		return err
	}
	loginFile := filepath.Join(c.DataDir, "first-login.txt")
	var login string
	switch {
	case n == 0 && c.Demo:
		fmt.Println("Generating the demo workspace…")
		start := time.Now()
		d, err := seedDemo(ctx, db, tokens, defaultDemo())
		if err != nil {
			return err
		}
		fmt.Print(d.summary(time.Since(start)))
		login = fmt.Sprintf("First login: email %s  password %s\n", d.email, d.password)
	case n == 0 && c.FirstLogin:
		pw := make([]byte, 12)
		if _, err := rand.Read(pw); err != nil {
			return err
		}
		password := base64.RawURLEncoding.EncodeToString(pw)
		if _, err := createMember(ctx, db, "My workspace", "Owner", "owner@onefunnel.local", password, "owner"); err != nil {
			return err
		}
		login = fmt.Sprintf("First login: email owner@onefunnel.local  password %s\n", password)
	case n == 0:
		fmt.Printf("No workspace yet: open %s to create one (or POST %s/api/v1/auth/signup).\n", url, url)
	default:
		if b, err := os.ReadFile(loginFile); err == nil {
			if firstLoginWorks(ctx, db, string(b)) {
				fmt.Print(string(b))
			} else {
				// The owner changed the password: the saved one is stale, forget it.
				_ = os.Remove(loginFile)
			}
		}
	}
	if login != "" {
		if err := os.WriteFile(loginFile, []byte(login), 0o600); err != nil {
			return err
		}
		fmt.Print(login)
	}
	fmt.Printf("API docs: %s/api/docs\n", url)
	return nil
}

// firstLoginWorks reports whether the saved first login still signs in.
func firstLoginWorks(ctx context.Context, db *storage.DB, saved string) bool {
	f := strings.Fields(saved) // First login: email E password P
	if len(f) != 6 || f[2] != "email" || f[4] != "password" {
		return false
	}
	members, err := db.Tenancy().MembersByEmail(ctx, f[3])
	if err != nil {
		return false
	}
	for _, m := range members {
		if ok, err := auth.CheckPassword(m.PasswordHash, f[5]); err == nil && ok {
			return true
		}
	}
	return false
}

func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || host == "::" || host == "0.0.0.0" || strings.HasPrefix(host, "[::") {
		return "localhost:" + port
	}
	return addr
}

// sweepIdempotencyKeys forgets saved responses past their TTL, hourly.
func sweepIdempotencyKeys(ctx context.Context, s storage.Idempotency) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_ = s.Sweep(ctx)
		}
	}
}

// startProcessor runs the event processor until the returned stop is called
// (which waits for the batch in flight), so sessions, touchpoints and
// contacts follow ingest within a poll interval. Replicas may each run one:
// batches are claimed exclusively.
func startProcessor(ctx context.Context, db *storage.DB, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.RunProcessor(ctx, db.ProcessorBatch(), processorIdle, func(err error) {
			log.Error("event processing failed", "err", err)
		})
	}()
	return func() { cancel(); <-done }
}

// maintain keeps the database in shape: every minute it forgets event
// messageIds past the dedupe window, so each sweep forgets a minute of them
// rather than an hour at once, and every hour it refreshes SQLite's planner
// statistics (PostgreSQL's autovacuum does its own); both once at start.
func maintain(ctx context.Context, db *storage.DB, log *slog.Logger) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	var optimized time.Time
	for now := time.Now(); ; {
		if _, err := db.SweepDedupe(ctx, now); err != nil && ctx.Err() == nil {
			log.Warn("dedupe sweep failed", "err", err)
		}
		if now.Sub(optimized) >= time.Hour {
			if err := db.Optimize(ctx); err != nil && ctx.Err() == nil {
				log.Warn("planner statistics not refreshed", "err", err)
			}
			optimized = now
		}
		select {
		case <-ctx.Done():
			return
		case now = <-t.C:
		}
	}
}
