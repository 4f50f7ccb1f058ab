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
	"os"

	exportbench "github.com/otelaudit/otelaudit/bench/export"
	"github.com/otelaudit/otelaudit/bench/internal/benchflags"
)

func main() {
	s := benchflags.Parse()
	exportbench.WriteReport(os.Stdout, exportbench.Run(s.Progress, s.Rounds))
}
