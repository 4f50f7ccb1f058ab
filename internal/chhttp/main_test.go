package chhttp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.uber.org/goleak"

	"github.com/otelaudit/otelaudit/internal/chdb"
)

// Environment variables that turn the test binary into a helper process.
const (
	childModeEnv = "OTELAUDIT_CHHTTP_TEST_CHILD"
	childDirEnv  = "OTELAUDIT_CHHTTP_TEST_DIR"
)

// shared is the package's one server (one chDB session per process),
// started by TestMain; nil when the library is missing, with skipReason set.
var (
	shared     *Server
	skipReason string
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childModeEnv); mode != "" {
		os.Exit(runChild(mode, os.Getenv(childDirEnv)))
	}
	os.Exit(runTests(m))
}

// runTests starts the shared server in a temporary directory, runs the
// tests, and cleans up.
func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "chhttp-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	s, err := Start(context.Background(), Config{DataDir: dir})
	switch {
	case errors.Is(err, chdb.ErrLibraryNotFound) && os.Getenv("CI") != "true":
		skipReason = err.Error()
	case err != nil:
		fmt.Fprintln(os.Stderr, "start shared server:", err)
		return 1
	default:
		shared = s
	}
	code := m.Run()
	if shared != nil {
		if err := shared.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "close:", err)
			code = 1
		}
	}
	if code == 0 {
		if err := goleak.Find(goleak.IgnoreTopFunction("github.com/klauspost/compress/zstd.(*blockDec).startDecoder")); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	return code
}

// runChild is the helper process: it starts a server on dir and prints the
// outcome.
func runChild(mode, dir string) int {
	switch mode {
	case "start":
		s, err := Start(context.Background(), Config{DataDir: dir})
		if err != nil {
			fmt.Println(err)
			return 3
		}
		defer s.Close()
		fmt.Println("started")
		return 0
	default:
		fmt.Println("unknown child mode", mode)
		return 2
	}
}

// server returns the shared server or skips (fails under CI=true) when the
// library is missing.
func server(t testing.TB) *Server {
	t.Helper()
	if shared == nil {
		t.Skip(skipReason)
	}
	return shared
}

// client opens a clickhouse-go HTTP connection to addr; modify adjusts the
// options before opening.
func client(t testing.TB, addr string, modify func(*clickhouse.Options)) driver.Conn {
	t.Helper()
	opts := &clickhouse.Options{
		Addr:        []string{addr},
		Protocol:    clickhouse.HTTP,
		DialTimeout: 10 * time.Second,
	}
	if modify != nil {
		modify(opts)
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		t.Fatalf("clickhouse.Open: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// execAll runs statements through conn, failing the test on error.
func execAll(t testing.TB, conn driver.Conn, queries ...string) {
	t.Helper()
	for _, q := range queries {
		if err := conn.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
