// Command onefunnel is the OneFunnel server: one binary that serves the API,
// the tracking endpoints and the web app, on SQLite or PostgreSQL.
//
//	onefunnel [serve]        run the server (default)
//	onefunnel migrate        apply database migrations and exit
//	onefunnel user create    create a member (and its workspace if new)
//	onefunnel demo           create a workspace filled with generated demo data
//	onefunnel backup FILE    write a consistent copy of the SQLite database
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "onefunnel:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args)
	case "migrate":
		return migrate(ctx, args)
	case "user":
		if len(args) == 0 || args[0] != "create" {
			return errors.New("usage: onefunnel user create --email E --name N --workspace W [--role R] (password from ONEFUNNEL_PASSWORD or prompt-free --password-file)")
		}
		return userCreate(ctx, args[1:])
	case "demo":
		return demoCommand(ctx, args)
	case "backup":
		return backup(ctx, args)
	case "help", "-h", "--help":
		fmt.Println("usage: onefunnel [serve|migrate|user create|demo|backup FILE] [flags]; onefunnel serve -h lists the settings, onefunnel demo -h the demo's")
		return nil
	}
	return fmt.Errorf("unknown command %q (serve, migrate, user create, demo, backup)", cmd)
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
