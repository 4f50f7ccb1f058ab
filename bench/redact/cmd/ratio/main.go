// Command ratio runs the redaction benchmarks side by side (the contrib
// redactionprocessor and otelaudit, on the same batch) and prints a table
// and, as its last line, how many times faster otelaudit is:
//
//	go run ./bench/redact/cmd/ratio [-benchtime 1s] [-count 3] [-cpu 1] [-q]
//
// It is what `make bench-redact` runs.
package main

import (
	"os"

	"github.com/otelaudit/otelaudit/bench/internal/benchflags"
	redactbench "github.com/otelaudit/otelaudit/bench/redact"
)

func main() {
	s := benchflags.Parse()
	redactbench.WriteReport(os.Stdout, redactbench.Run(s.Progress, s.Rounds))
}
