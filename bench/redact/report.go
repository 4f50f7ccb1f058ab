package redactbench

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/otelaudit/otelaudit/internal/benchdata"
)

// Result is the outcome of one case.
type Result struct {
	Name        string
	NsPerSpan   float64
	BytesPerOp  int64 // per batch of BatchSpans spans
	AllocsPerOp int64 // per batch
	MBPerSec    float64
	// Rounds is how many rounds ran; the other figures are from the
	// fastest, except WorstNsPerSpan, from the slowest.
	Rounds         int
	WorstNsPerSpan float64
}

// Run runs every case rounds times with testing.Benchmark, interleaving
// the cases (contrib, ours, contrib, ours, ...) so that a burst of load on
// the machine hits both sides, and keeps each case's fastest round. The
// benchmark time per round comes from the -test.benchtime flag (see
// testing.Init).
func Run(progress io.Writer, rounds int) []Result {
	cs := Cases()
	best := make([]Result, len(cs))
	for round := 1; round <= max(rounds, 1); round++ {
		for i, c := range cs {
			if progress != nil {
				fmt.Fprintf(progress, "round %d: %s...\n", round, c.Name)
			}
			r := testing.Benchmark(c.Bench)
			if r.N == 0 {
				// testing.Benchmark reports a failed benchmark as a zero result.
				panic("redactbench: case " + c.Name + " failed")
			}
			res := Result{
				Name:        c.Name,
				NsPerSpan:   r.Extra["ns/span"],
				BytesPerOp:  r.AllocedBytesPerOp(),
				AllocsPerOp: r.AllocsPerOp(),
			}
			if r.Bytes > 0 && r.T > 0 {
				res.MBPerSec = float64(r.Bytes) * float64(r.N) / 1e6 / r.T.Seconds()
			}
			worst := max(best[i].WorstNsPerSpan, res.NsPerSpan)
			if round == 1 || res.NsPerSpan < best[i].NsPerSpan {
				best[i] = res
			}
			best[i].WorstNsPerSpan, best[i].Rounds = worst, round
			if progress != nil {
				fmt.Fprintf(progress, "round %d: %s %.1f µs/span\n", round, c.Name, res.NsPerSpan/1e3)
			}
		}
	}
	return best
}

// WriteReport writes the comparison table and, as its last line, the speed
// ratio of otelaudit (pdata, the same input and work as contrib) to the
// contrib redactionprocessor.
func WriteReport(w io.Writer, results []Result) {
	batchBytes := benchdata.AttrBytes(Batch())
	fmt.Fprintf(w, "redaction: %d spans, %.1f KB of attributes per span, %.0f%% with PII; %s %s/%s GOMAXPROCS=%d%s\n",
		BatchSpans, float64(batchBytes)/BatchSpans/1000, PIIFraction*100,
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), loadAverage())
	if len(results) > 0 {
		fmt.Fprintf(w, "best of %d interleaved rounds (worst round in the last column)\n", results[0].Rounds)
	}
	var contrib, ours *Result
	for i := range results {
		switch results[i].Name {
		case "contrib":
			contrib = &results[i]
		case "otelaudit-pdata":
			ours = &results[i]
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "case\tns/span\tµs/span\tMB/s\tB/op\tallocs/op\tB/span\tallocs/span\tvs contrib\tworst µs/span\t")
	for _, r := range results {
		ratio := "-"
		if contrib != nil && r.NsPerSpan > 0 {
			ratio = fmt.Sprintf("%.1f×", contrib.NsPerSpan/r.NsPerSpan)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.2f\t%.1f\t%d\t%d\t%.0f\t%.2f\t%s\t%.2f\t\n",
			r.Name, r.NsPerSpan, r.NsPerSpan/1e3, r.MBPerSec, r.BytesPerOp, r.AllocsPerOp,
			float64(r.BytesPerOp)/BatchSpans, float64(r.AllocsPerOp)/BatchSpans, ratio, r.WorstNsPerSpan/1e3)
	}
	tw.Flush()
	switch {
	case contrib == nil:
		fmt.Fprintln(w, "contrib redactionprocessor case missing: no ratio")
	case ours == nil:
		fmt.Fprintf(w, "otelaudit-pdata case missing: contrib redactionprocessor %.1f µs/span\n", contrib.NsPerSpan/1e3)
	default:
		fmt.Fprintf(w, "otelaudit is %.1f× faster than contrib redactionprocessor (%.1f µs/span vs %.1f µs/span)\n",
			contrib.NsPerSpan/ours.NsPerSpan, ours.NsPerSpan/1e3, contrib.NsPerSpan/1e3)
	}
}

// loadAverage returns ", load average N" on Linux, where a loaded machine
// explains noisy figures; "" elsewhere.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return ", load average " + f[0]
}
