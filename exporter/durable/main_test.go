package durable

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/otelaudit/otelaudit/internal/chdb"
	"github.com/otelaudit/otelaudit/internal/chhttp"
)

// The test binary runs in three roles, chosen by roleEnv: the tests (no
// value); "serve", the embedded ClickHouse in its own process (chDB allows
// one session per process, and the outage test must stop and restart it);
// "record", a process recording decisions that the crash test kills.
const roleEnv = "DURABLE_TEST_ROLE"

func TestMain(m *testing.M) {
	switch os.Getenv(roleEnv) {
	case "serve":
		os.Exit(serveMain())
	case "record":
		os.Exit(recordMain())
	}
	code := m.Run()
	stopShared()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// serveMain runs the embedded ClickHouse on $DURABLE_TEST_DATA at
// $DURABLE_TEST_ADDR, prints "READY <dsn>" (or "SKIP <why>" when the chDB
// library is missing outside CI) and serves until stdin closes.
func serveMain() int {
	srv, err := chhttp.Start(context.Background(), chhttp.Config{
		DataDir: os.Getenv("DURABLE_TEST_DATA"), Addr: os.Getenv("DURABLE_TEST_ADDR"),
	})
	switch {
	case errors.Is(err, chdb.ErrLibraryNotFound) && os.Getenv("CI") != "true":
		fmt.Printf("SKIP %s\n", err)
		return 0
	case err != nil:
		fmt.Printf("FAIL %s\n", err)
		return 1
	}
	fmt.Printf("READY %s\n", srv.DSN())
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent closes stdin or dies
	if err := srv.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "close:", err)
		return 1
	}
	return 0
}

// server is an embedded ClickHouse in a child process.
type server struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	dsn   string
	dir   string
	addr  string
}

// startServer starts the embedded ClickHouse on dir at addr ("" for any
// port) in a child process. It returns skip != "" when the chDB library
// is missing (outside CI).
func startServer(dir, addr string) (srv *server, skip string, err error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"=serve", "DURABLE_TEST_DATA="+dir, "DURABLE_TEST_ADDR="+addr)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, "", err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	line = strings.TrimSpace(line)
	switch {
	case strings.HasPrefix(line, "READY "):
		go func() { _, _ = io.Copy(io.Discard, stdout) }()
		dsn := strings.TrimPrefix(line, "READY ")
		return &server{cmd: cmd, stdin: stdin, dsn: dsn, dir: dir, addr: strings.TrimPrefix(dsn, "http://")}, "", nil
	case strings.HasPrefix(line, "SKIP "):
		_ = cmd.Wait()
		return nil, strings.TrimPrefix(line, "SKIP "), nil
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, "", fmt.Errorf("embedded ClickHouse child: %q %v", line, err)
}

// stop stops the server gracefully.
func (s *server) stop() error {
	s.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		return fmt.Errorf("embedded ClickHouse did not stop: %v", <-done)
	}
}

// kill stops the server with SIGKILL.
func (s *server) kill() {
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	_ = s.cmd.Wait()
	s.stdin.Close()
}

// The shared server, for tests that do not stop it; each test uses its own
// database.
var (
	sharedOnce sync.Once
	shared     *server
	sharedSkip string
	sharedErr  error
	sharedDir  string
)

// needServer returns the shared server, starting it on first use, or skips
// the test when the chDB library is missing.
func needServer(t testing.TB) *server {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "durable-test-ch-*")
		if sharedErr == nil {
			shared, sharedSkip, sharedErr = startServer(sharedDir, "")
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	if sharedSkip != "" {
		t.Skip(sharedSkip)
	}
	return shared
}

// stopShared stops the shared server and removes its data.
func stopShared() {
	if shared != nil {
		if err := shared.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stop embedded ClickHouse:", err)
		}
	}
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
}
