package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDeadLetterCommands(t *testing.T) {
	spoolDir := t.TempDir()
	r := runCLI(t, nil, "deadletter", "list", "--spool", spoolDir)
	if r.code != 0 || !strings.Contains(r.stdout, "0 dead-lettered batch(es) in "+spoolDir) {
		t.Errorf("list on an empty spool: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, nil, "deadletter", "list", "--spool", filepath.Join(spoolDir, "missing"))
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "no such file or directory") {
		t.Errorf("list on a missing spool: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r = runCLI(t, nil, "deadletter"); r.code != 2 || !strings.Contains(r.stderr, "list or resend") {
		t.Errorf("deadletter without a subcommand: exit %d, stderr %q", r.code, r.stderr)
	}
}
