// Package enginetest gives a test package its one embedded ClickHouse:
// chDB allows one session per process, so TestMain starts it once for all
// the package's tests.
package enginetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.uber.org/goleak"

	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/chdb"
	"github.com/otelaudit/otelaudit/internal/chhttp"
)

// Engine is the embedded ClickHouse of one test package and a client on it.
type Engine struct {
	srv  *chhttp.Server
	conn driver.Conn
	skip string
}

// Main starts the engine in a temporary directory named after pattern
// (os.MkdirTemp), opens a clickhouse-go client on it, runs setup with that
// client when setup is not nil, then the tests; it then closes both,
// removes the directory, checks for leaked goroutines and returns the exit
// code for os.Exit. When the chDB library is missing and CI is not "true",
// the tests run without an engine and Server and Conn skip them. A fuzzing
// worker process runs without one too: it runs only the fuzz target.
func (e *Engine) Main(m *testing.M, pattern string, setup func(context.Context, driver.Conn) error) int {
	if isFuzzWorker() {
		e.skip = "no embedded ClickHouse in a fuzzing worker"
		return m.Run()
	}
	dir, err := os.MkdirTemp("", pattern)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	srv, err := chhttp.Start(ctx, chhttp.Config{DataDir: dir})
	switch {
	case errors.Is(err, chdb.ErrLibraryNotFound) && os.Getenv("CI") != "true":
		e.skip = err.Error()
		return m.Run()
	case err != nil:
		fmt.Fprintln(os.Stderr, "start embedded ClickHouse:", err)
		return 1
	}
	code := e.run(ctx, m, srv, setup)
	if err := srv.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "stop embedded ClickHouse:", err)
		code = 1
	}
	if code == 0 {
		if err := goleak.Find(goleak.IgnoreTopFunction("github.com/klauspost/compress/zstd.(*blockDec).startDecoder")); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	return code
}

// isFuzzWorker reports whether this process is a worker of `go test
// -fuzz`, which the coordinator starts with -test.fuzzworker.
func isFuzzWorker() bool {
	for _, a := range os.Args[1:] {
		if strings.HasPrefix(a, "-test.fuzzworker") {
			return true
		}
	}
	return false
}

// run opens the client, runs setup and the tests, and closes the client.
func (e *Engine) run(ctx context.Context, m *testing.M, srv *chhttp.Server, setup func(context.Context, driver.Conn) error) int {
	conn, err := chconn.Open(ctx, srv.DSN(), 10*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open client:", err)
		return 1
	}
	code := 0
	if setup != nil {
		if err := setup(ctx, conn); err != nil {
			fmt.Fprintln(os.Stderr, "set up:", err)
			code = 1
		}
	}
	if code == 0 {
		e.srv, e.conn = srv, conn
		code = m.Run()
	}
	if err := conn.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close client:", err)
		code = 1
	}
	return code
}

// Server returns the engine, or skips t with the reason it is missing.
func (e *Engine) Server(t testing.TB) *chhttp.Server {
	t.Helper()
	if e.srv == nil {
		t.Skip(e.skip)
	}
	return e.srv
}

// Conn returns the shared client, or skips t with the reason the engine is
// missing.
func (e *Engine) Conn(t testing.TB) driver.Conn {
	t.Helper()
	if e.conn == nil {
		t.Skip(e.skip)
	}
	return e.conn
}
