package schema

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.uber.org/goleak"

	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/chdb"
	"github.com/otelaudit/otelaudit/internal/chhttp"
)

// conn is the package's one client of the embedded ClickHouse (chDB allows
// one session per process), opened by TestMain; nil when the chDB library
// is missing, with engineSkip saying why.
var (
	conn       driver.Conn
	engineSkip string
)

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

// runTests starts the engine in a temporary directory, opens the client,
// runs the tests, closes both and checks for leaked goroutines.
func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "schema-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	srv, err := chhttp.Start(ctx, chhttp.Config{DataDir: dir})
	switch {
	case errors.Is(err, chdb.ErrLibraryNotFound) && os.Getenv("CI") != "true":
		engineSkip = err.Error()
		return m.Run()
	case err != nil:
		fmt.Fprintln(os.Stderr, "start embedded ClickHouse:", err)
		return 1
	}
	code := 0
	c, err := chconn.Open(ctx, srv.DSN(), 10*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open client:", err)
		code = 1
	} else {
		conn = c
		code = m.Run()
		if err := c.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "close client:", err)
			code = 1
		}
	}
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

// db returns the shared client or skips the test with the reason the
// engine is missing.
func db(t testing.TB) driver.Conn {
	t.Helper()
	if conn == nil {
		t.Skip(engineSkip)
	}
	return conn
}
