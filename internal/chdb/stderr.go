package chdb

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// withStderrCaptured runs fn while file descriptor 2 points to a temporary
// file, and returns what was written to it. chDB reports a failed
// chdb_connect (e.g. "Code: 76 ... Cannot lock file") only on stderr, so
// this is how Open learns why it failed. The caller decides whether to pass
// the text on to the real stderr.
func withStderrCaptured(fn func()) (string, error) {
	tmp, err := os.CreateTemp("", "chdb-stderr-*")
	if err != nil {
		return "", fmt.Errorf("chdb: create stderr capture file: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()

	saved, err := unix.Dup(2)
	if err != nil {
		return "", fmt.Errorf("chdb: save stderr: %w", err)
	}
	defer unix.Close(saved)
	if err := unix.Dup2(int(tmp.Fd()), 2); err != nil {
		return "", fmt.Errorf("chdb: redirect stderr: %w", err)
	}
	fn()
	if err := unix.Dup2(saved, 2); err != nil {
		return "", fmt.Errorf("chdb: restore stderr: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("chdb: read stderr capture: %w", err)
	}
	out, err := io.ReadAll(tmp)
	if err != nil {
		return "", fmt.Errorf("chdb: read stderr capture: %w", err)
	}
	return string(out), nil
}
