package schema

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
)

// tablesOf returns the names of the tables and views in database.
func tablesOf(t *testing.T, database string) []string {
	t.Helper()
	var names []string
	err := db(t).QueryRow(t.Context(), "SELECT arraySort(groupArray(name)) FROM system.tables WHERE database = ?", database).Scan(&names)
	if err != nil {
		t.Fatalf("list tables of %s: %v", database, err)
	}
	return names
}

// count returns the single UInt64 a query answers.
func count(t *testing.T, query string, args ...any) uint64 {
	t.Helper()
	var n uint64
	if err := db(t).QueryRow(t.Context(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// allVersions is every embedded migration's version.
func allVersions() []int {
	var vs []int
	for _, f := range migrationFiles {
		vs = append(vs, f.version)
	}
	return vs
}

func TestMigrationFiles(t *testing.T) {
	ms, err := Migrations(Config{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"initial", "model_prices", "rollups"}
	var got []string
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("migration %d has version %d", i, m.Version)
		}
		if len(m.Statements) == 0 {
			t.Errorf("migration %d has no statements", m.Version)
		}
		for _, s := range m.Statements {
			if strings.HasSuffix(s, ";") || strings.TrimSpace(s) != s {
				t.Errorf("migration %d: statement not trimmed: %.60q", m.Version, s)
			}
		}
		got = append(got, m.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("migration names %q, want %q", got, want)
	}
}

func TestStatementsAreBootstrapAndMigrations(t *testing.T) {
	for _, c := range []Config{{}, {Cluster: "c1"}} {
		stmts, err := Statements(c)
		if err != nil {
			t.Fatal(err)
		}
		ms, err := Migrations(c)
		if err != nil {
			t.Fatal(err)
		}
		var fromMigrations []string
		for _, m := range ms {
			fromMigrations = append(fromMigrations, m.Statements...)
		}
		if !slices.Equal(stmts[len(stmts)-len(fromMigrations):], fromMigrations) {
			t.Errorf("cluster %q: Statements does not end with the migrations' statements", c.Cluster)
		}
		if !strings.HasPrefix(stmts[0], "CREATE DATABASE IF NOT EXISTS `otelaudit`") {
			t.Errorf("cluster %q: first statement %.60q, want CREATE DATABASE", c.Cluster, stmts[0])
		}
	}
}

func TestChecksums(t *testing.T) {
	base, err := Migrations(Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		cfg    Config
		differ []int // the versions whose checksum differs from the default's
	}{
		{"defaults spelled out", Config{Database: "otelaudit", TracesTable: "otel_traces", AuditTable: "audit_decisions"}, nil},
		{"traces ttl", Config{TracesTTLDays: 30}, nil},
		{"cold volume", Config{AuditColdVolume: "cold", AuditColdAfterDays: 90, AuditStoragePolicy: "tiered"}, nil},
		{"other database", Config{Database: "elsewhere"}, []int{1, 2, 3}},
		{"other audit table", Config{AuditTable: "decisions"}, []int{1, 3}},
		{"cluster", Config{Cluster: "c1"}, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := Migrations(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range ms {
				differs := m.Checksum != base[i].Checksum
				if want := slices.Contains(tt.differ, m.Version); differs != want {
					t.Errorf("migration %d: checksum differs from the default's = %v, want %v", m.Version, differs, want)
				}
			}
		})
	}
}

// TestReleasedChecksums pins the checksum of every migration: a released
// migration must never change (add a new one instead). Run with -update
// only when adding a migration.
func TestReleasedChecksums(t *testing.T) {
	ms, err := Migrations(Config{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(strings.Join([]string{itoa4(m.Version), m.Name, m.Checksum}, " ") + "\n")
	}
	checkGolden(t, "checksums.txt", b.String())
}

func TestMigrate(t *testing.T) {
	ctx := t.Context()
	c := db(t)
	cfg := Config{Database: "migrate_fresh"}

	applied, err := Migrate(ctx, c, cfg)
	if err != nil {
		t.Fatalf("first Migrate: %v", err)
	}
	if !slices.Equal(applied, allVersions()) {
		t.Errorf("first Migrate applied %v, want %v", applied, allVersions())
	}
	applied, err = Migrate(ctx, c, cfg)
	if err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if len(applied) != 0 {
		t.Errorf("second Migrate applied %v, want none", applied)
	}
	if n := count(t, "SELECT count() FROM migrate_fresh.schema_migrations"); n != uint64(len(allVersions())) {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(allVersions()))
	}
	var name, sum string
	if err := c.QueryRow(ctx, "SELECT name, checksum FROM migrate_fresh.schema_migrations WHERE version = 3").Scan(&name, &sum); err != nil {
		t.Fatal(err)
	}
	ms, _ := Migrations(cfg)
	if name != "rollups" || sum != ms[2].Checksum {
		t.Errorf("recorded version 3 as %q %s, want rollups %s", name, sum, ms[2].Checksum)
	}
	want := []string{
		"audit_decisions", "audit_decisions_1h", "audit_decisions_1h_mv", "audit_decisions_1m", "audit_decisions_1m_mv",
		"audit_decisions_priced", "model_prices", "otel_traces", "otel_traces_trace_id_ts", "otel_traces_trace_id_ts_mv",
		"schema_migrations",
	}
	if got := tablesOf(t, "migrate_fresh"); !slices.Equal(got, want) {
		t.Errorf("tables %q, want %q", got, want)
	}

	// Statements creates the same tables.
	stmts, err := Statements(Config{Database: "statements_all"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if err := c.Exec(ctx, s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	if got := tablesOf(t, "statements_all"); !slices.Equal(got, want) {
		t.Errorf("Statements created %q, want %q", got, want)
	}
}

func TestMigrateAppliesOnlyWhatIsNew(t *testing.T) {
	ctx := t.Context()
	c := db(t)
	cfg := Config{Database: "migrate_upgrade"}
	d, err := newData(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := Migrations(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// A database an earlier release created: bootstrap and migration 1.
	boot, err := renderStatements("bootstrap.sql", d)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(boot, ms[0].Statements...) {
		if err := c.Exec(ctx, s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	if err := c.Exec(ctx, "INSERT INTO migrate_upgrade.schema_migrations (version, name, checksum) VALUES (1, 'initial', ?)", ms[0].Checksum); err != nil {
		t.Fatal(err)
	}
	applied, err := Migrate(ctx, c, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := allVersions()[1:]; !slices.Equal(applied, want) {
		t.Errorf("applied %v, want %v", applied, want)
	}
}

func TestMigrateConcurrently(t *testing.T) {
	ctx := t.Context()
	c := db(t)
	cfg := Config{Database: "migrate_concurrent"}
	const writers = 4
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() { _, errs[i] = Migrate(ctx, c, cfg) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent Migrate: %v", err)
	}
	if applied, err := Migrate(ctx, c, cfg); err != nil || len(applied) != 0 {
		t.Errorf("Migrate after the concurrent ones applied %v, %v; want none, nil", applied, err)
	}
	if n := count(t, "SELECT uniqExact(version) FROM migrate_concurrent.schema_migrations"); n != uint64(len(allVersions())) {
		t.Errorf("%d versions recorded, want %d", n, len(allVersions()))
	}
	if n := count(t, "SELECT count() FROM migrate_concurrent.model_prices FINAL"); n != 5 {
		t.Errorf("model_prices FINAL has %d rows, want the 5 seed prices", n)
	}
}

func TestMigrateChecksumMismatch(t *testing.T) {
	ctx := t.Context()
	c := db(t)
	cfg := Config{Database: "migrate_edited"}
	if _, err := Migrate(ctx, c, cfg); err != nil {
		t.Fatal(err)
	}
	// Someone edited migration 2 after it was applied.
	if err := c.Exec(ctx, "INSERT INTO migrate_edited.schema_migrations (version, name, checksum) VALUES (2, 'model_prices', 'edited')"); err != nil {
		t.Fatal(err)
	}
	_, err := Migrate(ctx, c, cfg)
	var ce *ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("Migrate error = %v, want a *ChecksumError", err)
	}
	if ce.Version != 2 || ce.Recorded != "edited" || !strings.Contains(err.Error(), "0002_model_prices") {
		t.Errorf("error %+v (%q), want version 2 named 0002_model_prices with recorded checksum \"edited\"", ce, err)
	}
}

func TestMigrateConfigChanges(t *testing.T) {
	ctx := t.Context()
	c := db(t)
	if _, err := Migrate(ctx, c, Config{Database: "migrate_config"}); err != nil {
		t.Fatal(err)
	}
	// A new retention is not an edited migration.
	applied, err := Migrate(ctx, c, Config{Database: "migrate_config", TracesTTLDays: 30})
	if err != nil || len(applied) != 0 {
		t.Errorf("Migrate with a TTL: applied %v, %v; want none, nil", applied, err)
	}
	// Other table names in the same database are.
	_, err = Migrate(ctx, c, Config{Database: "migrate_config", AuditTable: "decisions"})
	var ce *ChecksumError
	if !errors.As(err, &ce) || ce.Version != 1 {
		t.Errorf("Migrate with another audit table: %v, want a *ChecksumError for version 1", err)
	}
}

func TestMigrateRejectsBadConfig(t *testing.T) {
	_, err := Migrate(context.Background(), nil, Config{Cluster: "a`b"})
	if err == nil || !strings.Contains(err.Error(), "Cluster") {
		t.Errorf("Migrate error = %v, want one naming Cluster", err)
	}
}

// TestStatementsRunInEngine runs every single-node configuration's
// statements, twice, in the engine.
func TestStatementsRunInEngine(t *testing.T) {
	for _, cfg := range []Config{
		{Database: "engine_custom", TracesTable: "spans", AuditTable: "decisions", TracesTTLDays: 30},
		{Database: "engine_default"},
	} {
		t.Run(cfg.Database, func(t *testing.T) {
			stmts, err := Statements(cfg)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				for _, s := range stmts {
					if err := db(t).Exec(t.Context(), s); err != nil {
						t.Fatalf("%v\n%s", err, s)
					}
				}
			}
			if n := count(t, "SELECT count() FROM "+quoteIdent(cfg.Database)+".model_prices"); n != 5 {
				t.Errorf("model_prices has %d rows after seeding twice, want 5 (the repeated seed block is deduplicated)", n)
			}
		})
	}
}

// TestColdVolumeNeedsThePolicy checks that the engine takes the cold-volume
// TTL as written and refuses it only for the missing volume: chDB has the
// default storage policy, which has no volume "cold".
func TestColdVolumeNeedsThePolicy(t *testing.T) {
	ms, err := Migrations(Config{Database: "engine_cold", AuditColdVolume: "cold", AuditColdAfterDays: 90})
	if err != nil {
		t.Fatal(err)
	}
	if err := db(t).Exec(t.Context(), "CREATE DATABASE IF NOT EXISTS engine_cold"); err != nil {
		t.Fatal(err)
	}
	var auditDDL string
	for _, s := range ms[0].Statements {
		if strings.Contains(s, "TO VOLUME") {
			auditDDL = s
		}
	}
	err = db(t).Exec(t.Context(), auditDDL)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "volume") {
		t.Fatalf("creating the audit table with a cold volume on the default policy: %v, want an error about the volume", err)
	}
	t.Logf("engine: %v", err)
}
