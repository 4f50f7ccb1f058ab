// Command ratio runs the export benchmarks side by side (the contrib
// clickhouseexporter's conversion and otelaudit's, into the same kind of
// clickhouse-go block, then the whole SDK path) and prints a table and, as
// its last line, both figures:
//
//	go run ./bench/export/cmd/ratio [-benchtime 1s] [-count 3] [-cpu 1] [-q]
//
// It is what `make bench-export` runs.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"testing"
	"time"

	exportbench "github.com/otelaudit/otelaudit/bench/export"
)

func main() {
	testing.Init() // registers -test.benchtime, which testing.Benchmark reads
	benchtime := flag.Duration("benchtime", time.Second, "minimum time to run each case, each round")
	count := flag.Int("count", 3, "rounds; each case keeps its best round")
	quiet := flag.Bool("q", false, "no progress lines on standard error")
	cpu := flag.Int("cpu", 1, "GOMAXPROCS while benchmarking (the figures are for one core)")
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
	exportbench.WriteReport(os.Stdout, exportbench.Run(progress, *count))
}
