package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/otelaudit/otelaudit/internal/chdb"
	"github.com/otelaudit/otelaudit/internal/demo"
)

// binary is the otelaudit command built once for these tests: every test
// runs it as a user would, one process per command (chDB allows one data
// directory per process).
var binary string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "otelaudit-cli-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "otelaudit")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build otelaudit: " + err.Error())
	}
	return m.Run()
}

// needLibrary skips a test that needs the chDB library when it is missing,
// except in CI, where the make targets must have fetched it.
func needLibrary(t *testing.T) {
	t.Helper()
	if _, err := chdb.LibraryPath(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the chDB library is missing: %v", err)
		}
		t.Skip(err)
	}
}

// result is what one command run printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

func runCLI(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run otelaudit %v: %v", args, err)
	}
	return r
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	r := runCLI(t, nil, args...)
	if r.code != 0 {
		t.Fatalf("otelaudit %v: exit %d\nstdout:\n%s\nstderr:\n%s", args, r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

var (
	replaySessionLine = regexp.MustCompile(`replay a session:\s+go run ./cmd/otelaudit (replay .*)`)
	replayUserLine    = regexp.MustCompile(`replay a user:\s+go run ./cmd/otelaudit (replay .*)`)
)

// TestDemoThenReplay follows the README: run the demo, then the replay
// commands it prints.
func TestDemoThenReplay(t *testing.T) {
	needLibrary(t)
	data := filepath.Join(t.TempDir(), "data")
	out := mustRun(t, "demo", "--data", data, "--decisions", "40", "--sessions", "4", "--users", "2")
	for _, want := range []string{"40 of them are stored", "embedded ClickHouse (chDB) in " + data, "mock-a", "mock-b", "p95 latency", "error rate"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	checkNoPersonalData(t, data, 2)
	session := replaySessionLine.FindStringSubmatch(out)
	user := replayUserLine.FindStringSubmatch(out)
	if session == nil || user == nil {
		t.Fatalf("demo printed no replay commands:\n%s", out)
	}

	replay := mustRun(t, strings.Fields(session[1])...)
	if n := countDecisionBlocks(replay); n != 10 {
		t.Errorf("session replay shows %d decisions, want 10:\n%s", n, replay)
	}
	for _, want := range []string{"input", "reasoning", "output", "outcome", "latency", "model     mock-"} {
		if !strings.Contains(replay, want) {
			t.Errorf("replay lacks %q", want)
		}
	}
	if n := countDecisionBlocks(mustRun(t, strings.Fields(user[1])...)); n != 20 {
		t.Errorf("user replay shows %d decisions, want 20", n)
	}

	// Running again appends: the store then holds both runs.
	mustRun(t, "demo", "--data", data, "--decisions", "40", "--sessions", "4", "--users", "2")
	count := mustRun(t, "query", "--data", data, "SELECT count() AS n, uniqExact(DecisionId) AS ids FROM otelaudit.audit_decisions")
	if !regexp.MustCompile(`(?m)^80\s+80\s*$`).MatchString(count) {
		t.Errorf("after two runs the audit table holds:\n%s\nwant 80 rows with 80 distinct ids", count)
	}
	if n := countDecisionBlocks(mustRun(t, strings.Fields(user[1])...)); n != 40 {
		t.Errorf("user replay after two runs shows %d decisions, want 40", n)
	}
	future := mustRun(t, append(strings.Fields(user[1]), "--since", time.Now().Add(time.Hour).Format(time.RFC3339))...)
	if !strings.Contains(future, "no decisions") {
		t.Errorf("replay --since an hour ahead:\n%s", future)
	}
}

// countDecisionBlocks counts the "#N  time  decision id" headers of a replay.
func countDecisionBlocks(replay string) int {
	n := 0
	sc := bufio.NewScanner(strings.NewReader(replay))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") && strings.Contains(sc.Text(), "decision ") {
			n++
		}
	}
	return n
}

// TestBadInputGivesOneClearLine checks that each misuse fails with one line
// naming the problem and the fix.
func TestBadInputGivesOneClearLine(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		args []string
		code int
		want []string
	}{
		{"invalid endpoint", nil, []string{"query", "--endpoint", "mysql://db:3306", "SELECT 1"}, 1,
			[]string{"mysql://db:3306", "clickhouse://", "http://"}},
		{"unreachable server", nil, []string{"query", "--endpoint", "http://127.0.0.1:1", "SELECT 1"}, 1,
			[]string{"127.0.0.1:1", "otelaudit serve"}},
		{"demo against an unreachable server", nil, []string{"demo", "--endpoint", "http://127.0.0.1:1", "--spool", "TEMPDIR"}, 1,
			[]string{"cannot reach ClickHouse at http://127.0.0.1:1", "otelaudit serve"}},
		{"missing library", []string{"CHDB_LIB_PATH=/nonexistent/libchdb.so"}, []string{"query", "--data", "TEMPDIR", "SELECT 1"}, 1,
			[]string{"libchdb.so", "make chdb", "CHDB_LIB_PATH"}},
		{"replay without a target", nil, []string{"replay"}, 2, []string{"--session or --user"}},
		{"bad since", nil, []string{"replay", "--user", "u", "--since", "yesterday"}, 2, []string{"--since", "RFC 3339"}},
		{"unknown command", nil, []string{"frobnicate"}, 2, []string{`unknown command "frobnicate"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := make([]string, len(tt.args))
			for i, a := range tt.args {
				args[i] = strings.ReplaceAll(a, "TEMPDIR", t.TempDir())
			}
			r := runCLI(t, tt.env, args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, tt.code, r.stderr)
			}
			first := strings.SplitN(r.stderr, "\n", 2)[0]
			for _, want := range tt.want {
				if !strings.Contains(first, want) {
					t.Errorf("first stderr line %q lacks %q", first, want)
				}
			}
		})
	}
}

// TestSecondProcessOnTheSameDataDirectory checks that a command on a data
// directory that "serve" holds fails fast with a clear line.
func TestSecondProcessOnTheSameDataDirectory(t *testing.T) {
	needLibrary(t)
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serve := exec.CommandContext(ctx, binary, "serve", "--data", data, "--listen", "127.0.0.1:0")
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = serve.Process.Kill(); _ = serve.Wait() }()
	sc := bufio.NewScanner(stdout)
	var url string
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "HTTP interface: "); ok {
			url = u
			break
		}
	}
	if url == "" {
		t.Fatal("serve printed no HTTP address")
	}

	start := time.Now()
	r := runCLI(t, nil, "query", "--data", data, "SELECT 1")
	if r.code != 1 || !strings.Contains(r.stderr, "in use") {
		t.Errorf("second process: exit %d, stderr %q; want exit 1 and an in-use error", r.code, r.stderr)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("the second process took %s to fail", took)
	}
	// The store serving the directory still answers, through its endpoint.
	out := mustRun(t, "query", "--endpoint", url, "SELECT 41 + 1 AS answer")
	if !strings.Contains(out, "42") {
		t.Errorf("query through serve's endpoint:\n%s", out)
	}
}

// checkNoPersonalData asks the store whether any of the demo's personal
// data reached a stored span or decision.
func checkNoPersonalData(t *testing.T, data string, users int) {
	t.Helper()
	var needles []string
	for _, v := range demo.PersonalData(users) {
		needles = append(needles, "'"+v+"'")
	}
	list := "[" + strings.Join(needles, ", ") + "]"
	out := mustRun(t, "query", "--data", data, `SELECT
		(SELECT count() FROM otelaudit.otel_traces WHERE multiSearchAny(concat(SpanName, StatusMessage,
			toString(SpanAttributes), toString(ResourceAttributes), toString(Events.Attributes), toString(Links.Attributes)), `+list+`)) AS leaked_spans,
		(SELECT count() FROM otelaudit.audit_decisions WHERE multiSearchAny(concat(Input, Reasoning, Output, ErrorMessage,
			UserId, SessionId, toString(Attributes)), `+list+`)) AS leaked_decisions,
		(SELECT countIf(RedactionCount > 0) FROM otelaudit.audit_decisions) AS redacted_decisions`)
	m := regexp.MustCompile(`(?m)^(\d+)\s+(\d+)\s+(\d+)\s*$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("leak query printed:\n%s", out)
	}
	if m[1] != "0" || m[2] != "0" {
		t.Errorf("personal data reached the store: %s spans, %s decisions", m[1], m[2])
	}
	if m[3] == "0" {
		t.Error("no stored decision records a redaction, yet the demo's inputs carry personal data")
	}
}
