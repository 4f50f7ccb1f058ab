// Command ratio runs the redaction benchmarks side by side (the contrib
// redactionprocessor and otelaudit, on the same batch) and prints a table
// and, as its last line, how many times faster otelaudit is:
//
//	go run ./bench/redact/cmd/ratio [-benchtime 1s] [-count 3] [-cpu 1] [-q]
//
// It is what `make bench-redact` runs.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	redactbench "github.com/otelaudit/otelaudit/bench/redact"
)

func main() {
	testing.Init() // registers -test.benchtime, which testing.Benchmark reads
	benchtime := flag.Duration("benchtime", time.Second, "minimum time to run each case in each round")
	rounds := flag.Int("count", 3, "rounds; each case's fastest round is reported")
	quiet := flag.Bool("q", false, "no progress lines on standard error")
	cpu := flag.Int("cpu", 1, "GOMAXPROCS while benchmarking (the design's figures are for one core)")
	flag.Parse()
	if *cpu > 0 {
		runtime.GOMAXPROCS(*cpu)
	}
	if err := flag.Set("test.benchtime", benchtime.String()); err != nil {
		fmt.Fprintln(os.Stderr, "ratio:", err)
		os.Exit(2)
	}
	var progress io.Writer = os.Stderr
	if *quiet {
		progress = nil
	}
	results := redactbench.Run(progress, *rounds)
	redactbench.WriteReport(os.Stdout, results)
}
