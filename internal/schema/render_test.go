package schema

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// renderAll renders every statement of c as one script.
func renderAll(t *testing.T, c Config) string {
	t.Helper()
	stmts, err := Statements(c)
	if err != nil {
		t.Fatalf("Statements: %v", err)
	}
	traces, err := TracesInsert(c)
	if err != nil {
		t.Fatalf("TracesInsert: %v", err)
	}
	audit, err := AuditInsert(c)
	if err != nil {
		t.Fatalf("AuditInsert: %v", err)
	}
	stmts = append(stmts, traces, audit)
	return strings.Join(stmts, ";\n\n") + ";\n"
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{name: "default", cfg: Config{}},
		{name: "custom_ttl", cfg: Config{
			Database:      "audit_prod",
			TracesTable:   "spans",
			AuditTable:    "decisions",
			TracesTTLDays: 30,
		}},
		{name: "cold_volume", cfg: Config{
			AuditColdVolume:    "cold",
			AuditColdAfterDays: 90,
			AuditStoragePolicy: "hot_and_cold",
		}},
		{name: "cluster", cfg: Config{Cluster: "audit_cluster"}},
		{name: "cluster_ttl_cold", cfg: Config{
			Cluster:            "prod-eu.1",
			Database:           "audit_prod",
			TracesTTLDays:      14,
			AuditColdVolume:    "cold",
			AuditColdAfterDays: 365,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkGolden(t, tt.name+".sql", renderAll(t, tt.cfg))
		})
	}
}

// checkGolden compares got with testdata/name, rewriting the file first
// under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test -update after checking):\n%s", path, got)
	}
}

// itoa4 formats a migration version as in its file name.
func itoa4(v int) string { return fmt.Sprintf("%04d", v) }

func TestDefaults(t *testing.T) {
	got := Config{}.WithDefaults()
	want := Config{Database: "otelaudit", TracesTable: "otel_traces", AuditTable: "audit_decisions"}
	if got != want {
		t.Errorf("WithDefaults() = %+v, want %+v", got, want)
	}
}

func TestRejectsBadIdentifiers(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		field string
	}{
		{name: "database with dot", cfg: Config{Database: "a.b"}, field: "Database"},
		{name: "database with backquote", cfg: Config{Database: "x`; DROP TABLE y; --"}, field: "Database"},
		{name: "traces table with space", cfg: Config{TracesTable: "otel traces"}, field: "TracesTable"},
		{name: "traces table leading digit", cfg: Config{TracesTable: "1traces"}, field: "TracesTable"},
		{name: "audit table with quote", cfg: Config{AuditTable: `a"b`}, field: "AuditTable"},
		{name: "audit table with dash", cfg: Config{AuditTable: "audit-decisions"}, field: "AuditTable"},
		{name: "audit table non-ASCII", cfg: Config{AuditTable: "décisions"}, field: "AuditTable"},
		{name: "negative ttl", cfg: Config{TracesTTLDays: -1}, field: "TracesTTLDays"},
		{name: "cluster with backquote", cfg: Config{Cluster: "c`; DROP DATABASE x; --"}, field: "Cluster"},
		{name: "cluster with space", cfg: Config{Cluster: "my cluster"}, field: "Cluster"},
		{name: "volume with quote", cfg: Config{AuditColdVolume: "cold'", AuditColdAfterDays: 30}, field: "AuditColdVolume"},
		{name: "volume without days", cfg: Config{AuditColdVolume: "cold"}, field: "AuditColdAfterDays"},
		{name: "days without volume", cfg: Config{AuditColdAfterDays: 30}, field: "AuditColdVolume"},
		{name: "negative cold days", cfg: Config{AuditColdVolume: "cold", AuditColdAfterDays: -1}, field: "AuditColdAfterDays"},
		{name: "policy with backslash", cfg: Config{AuditStoragePolicy: `p\`}, field: "AuditStoragePolicy"},
		{name: "policy leading dash", cfg: Config{AuditStoragePolicy: "-p"}, field: "AuditStoragePolicy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, render := range []struct {
				name string
				fn   func(Config) error
			}{
				{"Validate", Config.Validate},
				{"Statements", func(c Config) error { _, err := Statements(c); return err }},
				{"TracesInsert", func(c Config) error { _, err := TracesInsert(c); return err }},
				{"AuditInsert", func(c Config) error { _, err := AuditInsert(c); return err }},
				{"Migrations", func(c Config) error { _, err := Migrations(c); return err }},
			} {
				err := render.fn(tt.cfg)
				if err == nil {
					t.Fatalf("%s accepted %+v", render.name, tt.cfg)
				}
				if !strings.Contains(err.Error(), tt.field) {
					t.Errorf("%s error %q does not name field %s", render.name, err, tt.field)
				}
			}
		})
	}
}

func TestAcceptsServerNames(t *testing.T) {
	for _, name := range []string{"cold", "prod-eu.1", "_s3_tier", "Hot2"} {
		t.Run(name, func(t *testing.T) {
			c := Config{Cluster: name, AuditColdVolume: name, AuditColdAfterDays: 7, AuditStoragePolicy: name}
			if err := c.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestAcceptsValidIdentifiers(t *testing.T) {
	for _, name := range []string{"a", "_x", "Otel_Traces_2", "A1_b2"} {
		t.Run(name, func(t *testing.T) {
			c := Config{Database: name, TracesTable: name, AuditTable: name}
			if err := c.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}
