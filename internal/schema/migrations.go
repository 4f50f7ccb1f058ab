package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
)

// Migration is one numbered change of the schema, rendered for a Config.
type Migration struct {
	// Version is the migration's number, from its file name; versions
	// start at 1 and have no gaps.
	Version int
	// Name is the rest of the file name, e.g. "initial".
	Name string
	// Statements are the migration's statements in order, rendered with the
	// configuration; each is idempotent.
	Statements []string
	// Checksum is the hex SHA-256 of the statements rendered with the
	// configuration's names and cluster but with its tuning fields
	// (TracesTTLDays, AuditCold*, AuditStoragePolicy) replaced by fixed
	// placeholders. So an edit of an applied migration's file, or starting
	// on a database with other table names or another cluster mode than it
	// was created with, changes the checksum, while a changed retention
	// does not: CREATE ... IF NOT EXISTS leaves existing tables as they are,
	// and a new TTL on an existing table is an ALTER TABLE ... MODIFY TTL
	// for the operator to run when they choose.
	Checksum string
}

// migrationFile is an embedded migration: sql/migrations/NNNN_name.sql.
type migrationFile struct {
	version int
	name    string
	file    string
}

// migrationName is the form of a migration's file name.
var migrationName = regexp.MustCompile(`^([0-9]{4})_([a-z0-9_]+)\.sql$`)

// migrationFiles are the embedded migrations in version order, read once.
var migrationFiles = mustListMigrations()

// mustListMigrations lists sql/migrations and checks that the versions run
// 1, 2, 3, ... with no gap or repeat; the files are part of the binary, so
// a mistake there is a programming error and panics at start.
func mustListMigrations() []migrationFile {
	entries, err := fs.ReadDir(sqlFiles, "sql/migrations")
	if err != nil {
		panic(fmt.Sprintf("schema: list migrations: %v", err))
	}
	var files []migrationFile
	for _, e := range entries { // ReadDir sorts by name
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			panic(fmt.Sprintf("schema: migration file %s is not named NNNN_name.sql", e.Name()))
		}
		v, _ := strconv.Atoi(m[1])
		if v != len(files)+1 {
			panic(fmt.Sprintf("schema: migration file %s has version %d, want %d", e.Name(), v, len(files)+1))
		}
		files = append(files, migrationFile{version: v, name: m[2], file: e.Name()})
	}
	return files
}

// Migrations returns every migration in version order, rendered for c.
func Migrations(c Config) ([]Migration, error) {
	d, err := newData(c)
	if err != nil {
		return nil, err
	}
	return migrations(d)
}

// migrations renders every migration and its checksum.
func migrations(d data) ([]Migration, error) {
	id := d
	id.Config = d.Config.identity()
	out := make([]Migration, 0, len(migrationFiles))
	for _, f := range migrationFiles {
		stmts, err := renderStatements(f.file, d)
		if err != nil {
			return nil, err
		}
		canonical, err := renderStatements(f.file, id)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256([]byte(strings.Join(canonical, ";\n")))
		out = append(out, Migration{
			Version:    f.version,
			Name:       f.name,
			Statements: stmts,
			Checksum:   hex.EncodeToString(sum[:]),
		})
	}
	return out, nil
}
