package chdb

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// Environment variables that turn the test binary into a helper process.
const (
	childModeEnv = "OTELAUDIT_CHDB_TEST_CHILD"
	childDirEnv  = "OTELAUDIT_CHDB_TEST_DIR"
)

// shared is the package's one chDB session (one per process), opened by
// TestMain; nil when the library is missing, with skipReason set.
var (
	shared     *Session
	skipReason string
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childModeEnv); mode != "" {
		os.Exit(runChild(mode, os.Getenv(childDirEnv)))
	}
	os.Exit(runTests(m))
}

// runTests opens the shared session in a temporary directory, runs the
// tests, and cleans up.
func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "chdb-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	s, err := Open(dir)
	switch {
	case errors.Is(err, ErrLibraryNotFound) && os.Getenv("CI") != "true":
		skipReason = err.Error()
	case err != nil:
		fmt.Fprintln(os.Stderr, "open shared chDB session:", err)
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
		if err := shared.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "second close is not a no-op:", err)
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

// runChild is the helper process: it opens dir and prints the outcome.
func runChild(mode, dir string) int {
	switch mode {
	case "open":
		s, err := Open(dir)
		if err != nil {
			fmt.Println(err)
			return 3
		}
		defer s.Close()
		fmt.Println("opened")
		return 0
	default:
		fmt.Println("unknown child mode", mode)
		return 2
	}
}

// session returns the shared session or skips (fails under CI=true) when
// the library is missing.
func session(t *testing.T) *Session {
	t.Helper()
	if shared == nil {
		t.Skip(skipReason)
	}
	return shared
}
