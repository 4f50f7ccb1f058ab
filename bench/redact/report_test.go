package redactbench

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestWriteReportLastLine(t *testing.T) {
	var buf bytes.Buffer
	WriteReport(&buf, []Result{
		{Name: "contrib", NsPerSpan: 1_500_000, BytesPerOp: 15_000_000, AllocsPerOp: 20_000, Rounds: 3, WorstNsPerSpan: 1_600_000},
		{Name: "otelaudit-pdata", NsPerSpan: 12_000, Rounds: 3, WorstNsPerSpan: 13_000},
		{Name: "otelaudit-sdk", NsPerSpan: 10_000, Rounds: 3, WorstNsPerSpan: 11_000},
	})
	out := strings.TrimSuffix(buf.String(), "\n")
	lines := strings.Split(out, "\n")
	last := lines[len(lines)-1]
	want := "otelaudit is 125.0× faster than contrib redactionprocessor (12.0 µs/span vs 1500.0 µs/span)"
	if last != want {
		t.Errorf("last line\n got %q\nwant %q\nreport:\n%s", last, want, out)
	}
	if !regexp.MustCompile(`(?m)^\s+otelaudit-sdk\s+10000\s`).MatchString(out) {
		t.Errorf("no otelaudit-sdk row in\n%s", out)
	}
}

// TestCases checks that all three sides are compiled in, contrib first.
func TestCases(t *testing.T) {
	var names []string
	for _, c := range Cases() {
		names = append(names, c.Name)
	}
	if got, want := strings.Join(names, ","), "contrib,otelaudit-pdata,otelaudit-sdk"; got != want {
		t.Errorf("cases %s, want %s", got, want)
	}
}
