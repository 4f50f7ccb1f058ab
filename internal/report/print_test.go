package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/otelaudit/otelaudit/internal/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestPrintReplay(t *testing.T) {
	start := time.Date(2026, 12, 4, 9, 30, 1, 123456789, time.UTC)
	decisions := []Decision{
		{Time: start, ID: "0193a4c2-0000-7000-8000-000000000001", Session: "s-1", User: "u-1", Agent: "support-agent",
			AgentVersion: "1.0.0", Provider: "openai", RequestModel: "gpt-4o-mini", ResponseModel: "gpt-4o-mini-2024-07-18",
			Latency: 1234567 * time.Nanosecond, InputTokens: 120, OutputTokens: 30, CostUSD: 0.000036,
			Input: "Where is order #12345?", Reasoning: "look it up\nanswer", Output: "It shipped.", Outcome: "success", StatusCode: "Ok"},
		{Time: start.Add(time.Second), ID: "0193a4c2-0000-7000-8000-000000000002", Session: "s-1", User: "u-1",
			Agent: "support-agent", RequestModel: "gpt-4o-mini", Latency: 5 * time.Millisecond,
			Input: "Refund #999", Outcome: "error", StatusCode: "Error", ErrorType: "rate_limited", ErrorMessage: "429 too many requests"},
	}
	var b bytes.Buffer
	if err := PrintReplay(&b, decisions); err != nil {
		t.Fatal(err)
	}
	golden(t, "replay.txt", b.Bytes())
}

func TestSummaryPrint(t *testing.T) {
	s := Summary{Models: []ModelStats{
		{Model: "mock-a", Decisions: 120, Errors: 3, P50: 25630 * time.Microsecond, P95: 33150 * time.Microsecond,
			InputTokens: 14677, OutputTokens: 4271, CostUSD: 0.0048, Outcomes: map[string]uint64{"success": 89, "escalated": 28, "error": 3}},
		{Model: "mock-b", Decisions: 120, Errors: 8, P50: 52 * time.Millisecond, P95: 69 * time.Millisecond,
			InputTokens: 13785, OutputTokens: 6593, CostUSD: 0.1004, Outcomes: map[string]uint64{"success": 86, "zzz": 1, "aaa": 2}},
	}}
	var b bytes.Buffer
	if err := s.Print(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.txt", b.Bytes())
	if d, e := s.Total(); d != 240 || e != 11 {
		t.Errorf("Total() = %d, %d", d, e)
	}
}

func TestTablePrint(t *testing.T) {
	long := ""
	for range 20 {
		long += "abcdefghij"
	}
	tbl := Table{Columns: []string{"name", "value"}, Rows: [][]string{{"short", "a\tb\nc"}, {"long", long}}}
	var b bytes.Buffer
	if err := tbl.Print(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "table.txt", b.Bytes())
}

func TestFormatValue(t *testing.T) {
	id := uuid.MustParse("0193a4c2-0000-7000-8000-000000000001")
	var nilPtr *string
	s := "x"
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"uuid", id, "0193a4c2-0000-7000-8000-000000000001"},
		{"time", time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("CET", 3600)), "2026-01-02 02:04:05.000000006"},
		{"map sorted", map[string]string{"b": "2", "a": "1"}, "{a:1, b:2}"},
		{"slice", []uint64{1, 2}, "[1, 2]"},
		{"nil pointer", nilPtr, "NULL"},
		{"pointer", &s, "x"},
		{"float", 0.25, "0.25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatValue(reflect.ValueOf(tt.v)); got != tt.want {
				t.Errorf("formatValue(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestRenderQueryRejectsBadNames(t *testing.T) {
	if _, err := renderQuery("replay.sql", schemaConfig("bad name"), true); err == nil {
		t.Error("a database name with a space was accepted")
	}
	q, err := renderQuery("replay.sql", schemaConfig("audit_2026"), false)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains([]byte(q), []byte("FROM `audit_2026`.`audit_decisions`")) || !bytes.Contains([]byte(q), []byte("UserId = ?")) {
		t.Errorf("rendered query:\n%s", q)
	}
}

func schemaConfig(database string) schema.Config { return schema.Config{Database: database} }
