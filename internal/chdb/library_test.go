package chdb

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLibraryPath(t *testing.T) {
	home := t.TempDir()
	cacheLib := filepath.Join(home, "xdg", "otelaudit", "chdb", LibraryVersion, "libchdb.so")
	if err := os.MkdirAll(filepath.Dir(cacheLib), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cacheLib, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, usrLocalErr := os.Stat("/usr/local/lib/libchdb.so")

	tests := []struct {
		name    string
		env     map[string]string
		want    string
		wantErr bool
	}{
		{"explicit path", map[string]string{"CHDB_LIB_PATH": cacheLib, "XDG_CACHE_HOME": ""}, cacheLib, false},
		{"explicit path missing", map[string]string{"CHDB_LIB_PATH": filepath.Join(home, "nope.so"), "XDG_CACHE_HOME": filepath.Join(home, "xdg")}, "", true},
		{"xdg cache", map[string]string{"CHDB_LIB_PATH": "", "XDG_CACHE_HOME": filepath.Join(home, "xdg")}, cacheLib, false},
		{"nothing", map[string]string{"CHDB_LIB_PATH": "", "XDG_CACHE_HOME": filepath.Join(home, "empty")}, "/usr/local/lib/libchdb.so", usrLocalErr != nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			got, err := LibraryPath()
			if tt.wantErr {
				if !errors.Is(err, ErrLibraryNotFound) {
					t.Fatalf("err = %v, want ErrLibraryNotFound", err)
				}
				if msg := err.Error(); strings.Contains(msg, "\n") || !strings.Contains(msg, `"make chdb"`) || !strings.Contains(msg, "CHDB_LIB_PATH") {
					t.Errorf("message %q: want one line naming make chdb and CHDB_LIB_PATH", msg)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("LibraryPath() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// TestOpenMissingLibrary runs a fresh process (the library loads once per
// process) whose CHDB_LIB_PATH names a file that does not exist.
func TestOpenMissingLibrary(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "libchdb.so")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childModeEnv+"=open", childDirEnv+"="+t.TempDir(), "CHDB_LIB_PATH="+missing)
	out, err := cmd.Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Fatalf("child: %v, output %q; want exit code 3", err, out)
	}
	want := `chDB library libchdb.so not found at CHDB_LIB_PATH=` + missing + `: run "make chdb" to fetch it, or set CHDB_LIB_PATH to its path` + "\n"
	if string(out) != want {
		t.Errorf("output %q, want %q", out, want)
	}
}

func TestLibraryPathMessage(t *testing.T) {
	if _, err := os.Stat("/usr/local/lib/libchdb.so"); err == nil {
		t.Skip("/usr/local/lib/libchdb.so exists")
	}
	t.Setenv("CHDB_LIB_PATH", "")
	t.Setenv("XDG_CACHE_HOME", "")
	t.Setenv("HOME", t.TempDir())
	_, err := LibraryPath()
	want := `chDB library libchdb.so not found (looked in $CHDB_LIB_PATH, ~/.cache/otelaudit/chdb/` + LibraryVersion +
		`, /usr/local/lib): run "make chdb" to fetch it, or set CHDB_LIB_PATH to its path`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}
