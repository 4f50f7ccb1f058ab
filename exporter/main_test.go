package exporter

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/otelaudit/otelaudit/internal/chdb"
	"github.com/otelaudit/otelaudit/internal/chhttp"
)

// engine is the package's one embedded ClickHouse endpoint (chDB allows one
// session per process), started by TestMain; nil when the chDB library is
// missing, with engineSkip saying why.
var (
	engine     *chhttp.Server
	engineSkip string
)

func TestMain(m *testing.M) { os.Exit(runTests(m)) }

// runTests starts the shared engine in a temporary directory, runs the
// tests, stops the engine and checks for leaked goroutines.
func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "exporter-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	srv, err := chhttp.Start(context.Background(), chhttp.Config{DataDir: dir})
	switch {
	case errors.Is(err, chdb.ErrLibraryNotFound) && os.Getenv("CI") != "true":
		engineSkip = err.Error()
	case err != nil:
		fmt.Fprintln(os.Stderr, "start embedded ClickHouse:", err)
		return 1
	default:
		engine = srv
	}

	code := m.Run()
	if engine != nil {
		if err := engine.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "stop embedded ClickHouse:", err)
			code = 1
		}
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	return code
}

// needEngine returns the shared engine or skips the test with the reason
// it is missing.
func needEngine(t testing.TB) *chhttp.Server {
	t.Helper()
	if engine == nil {
		t.Skip(engineSkip)
	}
	return engine
}
