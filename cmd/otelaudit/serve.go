package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/otelaudit/otelaudit/internal/chhttp"
)

// runServe runs the embedded ClickHouse until interrupted.
func runServe(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("serve", "[flags]")
	dataDir := fs.String("data", "./data", "data directory of the embedded ClickHouse")
	listen := fs.String("listen", "127.0.0.1:8123", "address of ClickHouse's HTTP interface")
	user := fs.String("user", "", "user name clients must give (optional)")
	password := fs.String("password", "", "password clients must give (optional)")
	allowRemote := fs.Bool("allow-remote", false, "allow a --listen address that is not loopback")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		return fmt.Errorf("data directory %q: %w", *dataDir, err)
	}
	srv, err := chhttp.Start(ctx, chhttp.Config{
		DataDir: dir, Addr: *listen, User: *user, Password: *password, AllowNonLoopback: *allowRemote,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "embedded ClickHouse (chDB) on %s\nHTTP interface: %s\nclickhouse-go DSN: %s\nstop with Ctrl-C\n",
		dir, srv.URL(), srv.DSN())
	<-ctx.Done()
	fmt.Fprintln(stdout, "stopping")
	return srv.Close()
}
