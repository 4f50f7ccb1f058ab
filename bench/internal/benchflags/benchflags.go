// Package benchflags parses the flags the side-by-side benchmark programs
// share and prepares testing.Benchmark for them.
package benchflags

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"testing"
	"time"
)

// Settings are what the flags asked for.
type Settings struct {
	// Rounds is how many interleaved rounds each case runs (-count).
	Rounds int
	// Progress receives progress lines; nil with -q.
	Progress io.Writer
}

// Parse registers and parses -benchtime, -count, -cpu and -q, sets
// GOMAXPROCS and testing.Benchmark's run time from them, and exits with a
// message on a bad value.
func Parse() Settings {
	testing.Init() // registers -test.benchtime, which testing.Benchmark reads
	benchtime := flag.Duration("benchtime", time.Second, "minimum time to run each case in each round")
	rounds := flag.Int("count", 3, "rounds; each case keeps its best round")
	quiet := flag.Bool("q", false, "no progress lines on standard error")
	cpu := flag.Int("cpu", 1, "GOMAXPROCS while benchmarking (the design's figures are for one core)")
	flag.Parse()
	if *cpu > 0 {
		runtime.GOMAXPROCS(*cpu)
	}
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		fmt.Fprintln(os.Stderr, "benchmark flags:", err)
		os.Exit(2)
	}
	s := Settings{Rounds: *rounds, Progress: os.Stderr}
	if *quiet {
		s.Progress = nil
	}
	return s
}
