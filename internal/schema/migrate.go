package schema

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Execer is what Migrate needs of a ClickHouse connection; clickhouse-go's
// driver.Conn satisfies it.
type Execer interface {
	Exec(ctx context.Context, query string, args ...any) error
	QueryRow(ctx context.Context, query string, args ...any) driver.Row
}

var _ Execer = driver.Conn(nil)

// ChecksumError reports an applied migration whose recorded checksum is not
// the one this binary computes: its file was edited after it was applied,
// or the database was created with other table names or another cluster
// mode than the configuration has now.
type ChecksumError struct {
	Version  int
	Name     string
	Recorded string
	Embedded string
}

// Error names the migration and both checksums.
func (e *ChecksumError) Error() string {
	return fmt.Sprintf("schema: migration %04d_%s was applied with checksum %s, this build has %s: "+
		"an applied migration was edited, or the table names or cluster differ from those the database was created with",
		e.Version, e.Name, e.Recorded, e.Embedded)
}

// Migrate brings the database up to date: it creates the database and the
// schema_migrations table if missing, then applies, in version order, every
// migration not recorded there, recording each after its statements ran.
// It returns the versions it applied (none when up to date).
//
// A recorded migration whose checksum differs from this build's is a
// *ChecksumError, and nothing after it is applied. Versions recorded but
// unknown to this build (a newer release migrated the database) are left
// alone. Running Migrate again, or from two processes at once, is safe:
// every statement is idempotent and a migration recorded twice counts once.
func Migrate(ctx context.Context, db Execer, c Config) (applied []int, err error) {
	d, err := newData(c)
	if err != nil {
		return nil, err
	}
	ms, err := migrations(d)
	if err != nil {
		return nil, err
	}
	boot, err := renderStatements("bootstrap.sql", d)
	if err != nil {
		return nil, err
	}
	for _, s := range boot {
		if err := db.Exec(ctx, s); err != nil {
			return nil, fmt.Errorf("schema: create database %s and %s: %w", d.Database, d.MigrationsTable, err)
		}
	}
	recorded, err := recordedMigrations(ctx, db, d)
	if err != nil {
		return nil, err
	}
	record, err := render("migrations_record.sql", d)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if sums, ok := recorded[m.Version]; ok {
			for _, sum := range sums {
				if sum != m.Checksum {
					return applied, &ChecksumError{Version: m.Version, Name: m.Name, Recorded: sum, Embedded: m.Checksum}
				}
			}
			continue
		}
		for i, s := range m.Statements {
			if err := db.Exec(ctx, s); err != nil {
				return applied, fmt.Errorf("schema: migration %04d_%s, statement %d of %d: %w", m.Version, m.Name, i+1, len(m.Statements), err)
			}
		}
		if err := db.Exec(ctx, record, uint32(m.Version), m.Name, m.Checksum); err != nil {
			return applied, fmt.Errorf("schema: record migration %04d_%s: %w", m.Version, m.Name, err)
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

// recordedMigrations returns the checksums recorded for each applied
// version.
func recordedMigrations(ctx context.Context, db Execer, d data) (map[int][]string, error) {
	q, err := render("migrations_recorded.sql", d)
	if err != nil {
		return nil, err
	}
	var (
		versions []uint32
		sums     []string
	)
	if err := db.QueryRow(ctx, q).Scan(&versions, &sums); err != nil {
		return nil, fmt.Errorf("schema: read %s.%s: %w", d.Database, d.MigrationsTable, err)
	}
	if len(versions) != len(sums) {
		return nil, fmt.Errorf("schema: read %s.%s: %d versions but %d checksums", d.Database, d.MigrationsTable, len(versions), len(sums))
	}
	out := make(map[int][]string, len(versions))
	for i, v := range versions {
		out[int(v)] = append(out[int(v)], sums[i])
	}
	return out, nil
}
