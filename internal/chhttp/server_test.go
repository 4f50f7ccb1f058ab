package chhttp

import (
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		addr    string
		allow   bool
		wantErr bool
	}{
		{"127.0.0.1:0", false, false},
		{"localhost:8123", false, false},
		{"[::1]:0", false, false},
		{"0.0.0.0:8123", false, true},
		{":8123", false, true},
		{"192.0.2.1:8123", false, true},
		{"0.0.0.0:8123", true, false},
		{"no-port", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := checkLoopback(context.Background(), tt.addr, tt.allow)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil && tt.addr != "no-port" && !strings.Contains(err.Error(), "AllowNonLoopback") {
				t.Errorf("error %q does not name AllowNonLoopback", err)
			}
		})
	}
}

func TestStartRejectsNonLoopback(t *testing.T) {
	_, err := Start(context.Background(), Config{DataDir: t.TempDir(), Addr: "0.0.0.0:0"})
	if err == nil || !strings.Contains(err.Error(), "Config.AllowNonLoopback") {
		t.Fatalf("err = %v; want an error naming Config.AllowNonLoopback", err)
	}
}

// TestSecondProcessSameDataDir starts a server in another process on the
// shared server's data directory.
func TestSecondProcessSameDataDir(t *testing.T) {
	s := server(t)
	post(t, s.URL(), url.Values{"query": {"CREATE TABLE lock_t (id UInt64) ENGINE = MergeTree ORDER BY id"}}, nil, "", 200)
	post(t, s.URL(), url.Values{"query": {"INSERT INTO lock_t SELECT number FROM numbers(500)"}}, nil, "", 200)

	out, code := runChildProcess(t, "start", s.Session().Dir())
	if code != 3 {
		t.Fatalf("child exit code %d, output %q; want 3", code, out)
	}
	want := "data directory " + s.Session().Dir() + " is in use by another otelaudit process (ClickHouse: Code: 76."
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "Cannot lock file") || strings.Count(out, "\n") != 1 {
		t.Errorf("child said %q\nwant one line starting %q", out, want)
	}
	if got := post(t, s.URL(), url.Values{"query": {"SELECT count(), sum(id) FROM lock_t"}}, nil, "", 200); got != "500\t124750\n" {
		t.Errorf("after the second process: %q, want 500 rows intact", got)
	}
}

// TestMissingLibrary starts a server in a process whose CHDB_LIB_PATH names
// a file that does not exist.
func TestMissingLibrary(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "libchdb.so")
	t.Setenv("CHDB_LIB_PATH", missing)
	out, code := runChildProcess(t, "start", t.TempDir())
	want := "chDB library libchdb.so not found at CHDB_LIB_PATH=" + missing + ": run \"make chdb\" to fetch it, or set CHDB_LIB_PATH to its path\n"
	if code != 3 || out != want {
		t.Errorf("child exit %d, output %q\nwant exit 3, %q", code, out, want)
	}
}

// runChildProcess re-runs the test binary as a helper in mode on dir and
// returns its standard output and exit code.
func runChildProcess(t *testing.T, mode, dir string) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childModeEnv+"="+mode, childDirEnv+"="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		if stderr.Len() > 0 {
			t.Logf("child stderr: %s", stderr.String())
		}
		return string(out), exit.ExitCode()
	}
	t.Fatalf("run child: %v", err)
	return "", 0
}
