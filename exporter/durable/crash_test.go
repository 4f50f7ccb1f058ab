package durable

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/otelaudit/otelaudit/internal/spool"
)

// recordMain is the crash test's child: it records decisions through an
// SDK TracerProvider with a Processor on $DURABLE_TEST_SPOOL, printing
// each decision id on stdout once End returned, until it is killed. With
// DURABLE_TEST_DRAIN=1 it records nothing and shuts the Processor down,
// shipping what the spool holds.
func recordMain() int {
	cfg := testConfig(os.Getenv("DURABLE_TEST_SPOOL"), os.Getenv("DURABLE_TEST_DSN"), os.Getenv("DURABLE_TEST_DB"))
	// Segments of 4 MiB, so that kills also land while the spool writes
	// into a reused segment file; the rounds leave at most a few MB pending.
	cfg.MaxBytes = 32 << 20
	p, err := New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "new processor:", err)
		return 1
	}
	tp, rec := newPipeline(p)
	if os.Getenv("DURABLE_TEST_DRAIN") == "1" {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		if err := tp.Shutdown(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "shutdown:", err)
			return 1
		}
		return 0
	}
	base, _ := strconv.Atoi(os.Getenv("DURABLE_TEST_BASE"))
	for n := base; ; n++ {
		id := recordDecision(context.Background(), rec, n)
		if _, err := os.Stdout.WriteString(id + "\n"); err != nil {
			return 1
		}
	}
}

// runRecorder starts a recording child; drain selects the drain mode.
func runRecorder(dir, dsn, db string, base int, drain bool) (*exec.Cmd, *bytes.Buffer, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), roleEnv+"=record", "DURABLE_TEST_SPOOL="+dir, "DURABLE_TEST_DSN="+dsn,
		"DURABLE_TEST_DB="+db, "DURABLE_TEST_BASE="+strconv.Itoa(base))
	if drain {
		cmd.Env = append(cmd.Env, "DURABLE_TEST_DRAIN=1")
	}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	return cmd, &out, cmd.Start()
}

// completeLines returns the newline-terminated lines of b.
func completeLines(b []byte) []string {
	s := string(b)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return strings.Split(s[:i], "\n")
	}
	return nil
}

// TestCrashRecovery kills a recording process with SIGKILL at random
// points, many times, restarting it on the same spool; at the end every
// decision it reported as recorded is in ClickHouse exactly once.
func TestCrashRecovery(t *testing.T) {
	srv := needServer(t)
	db := newDatabase("crash")
	dir := t.TempDir()
	rounds := 20
	if s := os.Getenv("DURABLE_CRASH_ROUNDS"); s != "" {
		rounds, _ = strconv.Atoi(s)
	}
	var reported []string
	inFlightAtKill, tornTails := 0, 0
	for round := range rounds {
		cmd, out, err := runRecorder(dir, srv.dsn, db, round*1_000_000, false)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(100+rand.IntN(1400)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		ids := completeLines(out.Bytes())
		reported = append(reported, ids...)

		// Look at what the killed process left behind.
		var damage []error
		sp, err := spool.Open(spool.Config{Dir: dir, ErrorHandler: func(err error) { damage = append(damage, err) }})
		if err != nil {
			t.Fatalf("round %d: reopen spool: %v", round, err)
		}
		st := sp.Stats()
		if !st.InFlight.Empty() {
			inFlightAtKill++
		}
		tornTails += len(damage)
		sp.Close()
		t.Logf("round %2d: %4d decisions reported; spool: %6d bytes pending, in flight %v, torn tail %v",
			round, len(ids), st.PendingBytes, st.InFlight, len(damage) > 0)
	}
	cmd, _, err := runRecorder(dir, srv.dsn, db, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("drain child: %v", err)
	}
	t.Logf("%d rounds; killed with a batch in flight %d times; torn tails truncated %d times", rounds, inFlightAtKill, tornTails)
	if len(reported) == 0 {
		t.Fatal("no decision was reported recorded")
	}
	checkExactlyOnce(t, connect(t, srv.dsn), db, reported)
}
