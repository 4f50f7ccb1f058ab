package exportbench

import (
	"sync"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/internal/benchdata"
)

// The workload: one batch of decision spans, as in the design's
// performance anchors.
const (
	BatchSpans  = 1000
	PIIFraction = 0.10
	Seed        = 20260 // any fixed seed; the same for every case
)

var (
	batchOnce sync.Once
	batch     ptrace.Traces
)

// Batch returns the workload (generated once; the conversions only read it).
func Batch() ptrace.Traces {
	batchOnce.Do(func() { batch = benchdata.Traces(BatchSpans, PIIFraction, Seed) })
	return batch
}
