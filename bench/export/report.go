package exportbench

import (
	"fmt"
	"io"
	"runtime"
	"testing"
	"text/tabwriter"

	chcompress "github.com/ClickHouse/ch-go/compress"
)

// Case is one benchmark of the comparison.
type Case struct {
	Name  string
	Bench func(*testing.B)
}

// Cases are the conversion cases (contrib and otelaudit, into an
// otel_traces block, no compression and LZ4; otelaudit with its audit rows
// too) and the SDK path.
func Cases() []Case {
	var cs []Case
	for _, m := range []struct {
		name   string
		method chcompress.Method
	}{{"none", chcompress.None}, {"lz4", chcompress.LZ4}} {
		cs = append(cs,
			Case{"contrib/" + m.name, func(b *testing.B) {
				conv, err := NewContribConverter(m.method)
				if err != nil {
					b.Fatal(err)
				}
				BenchConversion(b, conv)
			}},
			Case{"otelaudit/" + m.name, func(b *testing.B) { BenchConversion(b, NewOtelauditConverter(m.method, false)) }},
			Case{"otelaudit+audit/" + m.name, func(b *testing.B) { BenchConversion(b, NewOtelauditConverter(m.method, true)) }},
		)
	}
	return append(cs, Case{"sdk-path", BenchSDKPath})
}

// Result is the outcome of one case: the best (lowest CPU time) of its runs.
type Result struct {
	Name         string
	NsPerSpan    float64 // wall clock
	CPUPerSpan   float64 // process CPU time, ns; robust when other processes compete for the cores
	BytesPerOp   int64
	AllocsPerOp  int64
	WirePerSpan  float64
	Decisions    float64 // decisions/s, wall clock (sdk-path)
	DecisionsCPU float64 // decisions per CPU second (sdk-path)
}

// Run runs every case count times, interleaved (so a burst of load from
// other processes does not hit one side only), and keeps each case's best
// run. The benchmark time comes from -test.benchtime (see testing.Init).
func Run(progress io.Writer, count int) []Result {
	cases := Cases()
	best := make([]Result, len(cases))
	for round := range max(count, 1) {
		for i, c := range cases {
			if progress != nil {
				fmt.Fprintf(progress, "round %d: %s...\n", round+1, c.Name)
			}
			r := testing.Benchmark(c.Bench)
			if r.N == 0 {
				panic("exportbench: case " + c.Name + " failed")
			}
			res := Result{
				Name:         c.Name,
				NsPerSpan:    r.Extra["ns/span"],
				CPUPerSpan:   r.Extra["cpu-ns/span"],
				BytesPerOp:   r.AllocedBytesPerOp(),
				AllocsPerOp:  r.AllocsPerOp(),
				WirePerSpan:  r.Extra["wireB/span"],
				Decisions:    r.Extra["decisions/s"],
				DecisionsCPU: r.Extra["decisions/cpu-s"],
			}
			if round == 0 || better(res, best[i]) {
				best[i] = res
			}
		}
	}
	return best
}

// better reports whether a is a faster run than b.
func better(a, b Result) bool {
	if a.Decisions > 0 || b.Decisions > 0 {
		return a.DecisionsCPU > b.DecisionsCPU
	}
	return a.CPUPerSpan < b.CPUPerSpan
}

// WriteReport writes the table and, as its last line, both figures.
func WriteReport(w io.Writer, results []Result) {
	fmt.Fprintf(w, "export: %d decision spans, %.1f%% with PII; %s %s/%s GOMAXPROCS=%d; best of the rounds by CPU time\n",
		BatchSpans, PIIFraction*100, runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0))
	by := make(map[string]*Result)
	for i := range results {
		by[results[i].Name] = &results[i]
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "case\twall ns/span\tcpu ns/span\tB/op\tallocs/op\tallocs/span\twire B/span\tvs contrib (cpu)\t")
	for _, r := range results {
		if r.Decisions > 0 {
			continue
		}
		ratio := "-"
		if c := by["contrib/"+suffix(r.Name)]; c != nil && r.CPUPerSpan > 0 {
			ratio = fmt.Sprintf("%.2f×", c.CPUPerSpan/r.CPUPerSpan)
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%d\t%d\t%.1f\t%.0f\t%s\t\n", r.Name, r.NsPerSpan, r.CPUPerSpan,
			r.BytesPerOp, r.AllocsPerOp, float64(r.AllocsPerOp)/BatchSpans, r.WirePerSpan, ratio)
	}
	tw.Flush()
	sdk := by["sdk-path"]
	if sdk != nil {
		fmt.Fprintf(w, "sdk-path (record → redact → spool → LZ4 block): %.0f decisions/s wall, %.0f per CPU second, %d B/op, %d allocs/op; spool: %s\n",
			sdk.Decisions, sdk.DecisionsCPU, sdk.BytesPerOp, sdk.AllocsPerOp, SpoolStage())
	}
	c, o := by["contrib/none"], by["otelaudit/none"]
	cl, ol := by["contrib/lz4"], by["otelaudit/lz4"]
	if c == nil || o == nil || cl == nil || ol == nil || sdk == nil {
		fmt.Fprintln(w, "a case is missing: no figures")
		return
	}
	fmt.Fprintf(w, "conversion: otelaudit %.1f µs/span vs contrib %.1f µs/span (%.1f× lower; with LZ4 %.1f vs %.1f, %.1f×); SDK path: %s decisions/s on one core\n",
		o.CPUPerSpan/1e3, c.CPUPerSpan/1e3, c.CPUPerSpan/o.CPUPerSpan,
		ol.CPUPerSpan/1e3, cl.CPUPerSpan/1e3, cl.CPUPerSpan/ol.CPUPerSpan, thousands(sdk.DecisionsCPU))
}

// suffix returns what follows the last "/" of name.
func suffix(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' {
			return name[i+1:]
		}
	}
	return name
}

// thousands formats n rounded to a whole number with thousands separators.
func thousands(n float64) string {
	s := fmt.Sprintf("%.0f", n)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
